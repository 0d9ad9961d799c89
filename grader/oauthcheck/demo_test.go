package oauthcheck

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	reference "authlab/solutions/oauth"
)

// TestDemoServesTheResourceWhereItListens checks `authlab serve oauth`:
// the resource, its 401 and its metadata name the address the server
// was reached at, and a Host that is not a loopback address is refused.
func TestDemoServesTheResourceWhereItListens(t *testing.T) {
	h, err := demo(Target{NewServer: reference.NewServer}).Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/mcp", "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	metadataURL := srv.URL + "/.well-known/oauth-protected-resource/mcp"
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("WWW-Authenticate"), metadataURL) {
		t.Fatalf("no token: %s, WWW-Authenticate %q; want 401 naming %s", resp.Status, resp.Header.Get("WWW-Authenticate"), metadataURL)
	}
	var m resourceMetadata
	if err := getJSON(metadataURL, &m); err != nil {
		t.Fatal(err)
	}
	if m.Resource != srv.URL+"/mcp" || len(m.AuthorizationServers) != 1 {
		b, _ := json.Marshal(m)
		t.Errorf("metadata %s; want resource %s/mcp and one authorization server", b, srv.URL)
	}

	for _, host := range []string{"example.com:80", "10.0.0.1:80"} {
		if _, err := demoServer(Target{NewServer: reference.NewServer}, host); err == nil {
			t.Errorf("demoServer(%q) started; want it refused", host)
		}
	}
}
