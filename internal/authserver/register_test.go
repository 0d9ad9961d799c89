package authserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// register POSTs body to s's registration endpoint, as its metadata names
// it, and returns the status and decoded answer.
func register(t *testing.T, s *Server, body string) (int, map[string]any) {
	t.Helper()
	var d struct {
		RegistrationEndpoint string `json:"registration_endpoint"`
	}
	getJSON(t, s.Issuer()+"/.well-known/oauth-authorization-server", &d)
	if d.RegistrationEndpoint != s.Issuer()+"/register" {
		t.Fatalf("registration_endpoint = %q, want %s/register", d.RegistrationEndpoint, s.Issuer())
	}
	resp, err := http.Post(d.RegistrationEndpoint, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatalf("registration answer is not JSON: %v", err)
	}
	return resp.StatusCode, answer
}

// TestDynamicRegistration checks a registered public client can run the
// flow under the id it was given, with its own redirect URI.
func TestDynamicRegistration(t *testing.T) {
	s := startServer(t)
	status, answer := register(t, s, `{"redirect_uris":["`+testRedirect+`"],"client_name":"inspector","token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"]}`)
	if status != http.StatusCreated {
		t.Fatalf("status %d (%v), want 201", status, answer)
	}
	id, _ := answer["client_id"].(string)
	if id == "" || id == s.ClientID() {
		t.Fatalf("client_id = %v, want a new id", answer["client_id"])
	}
	if answer["token_endpoint_auth_method"] != "none" || answer["client_secret"] != nil {
		t.Errorf("answer %v, want a public client (auth method none, no secret)", answer)
	}
	f := defaultFlow(s)
	f.clientID = id
	_, claims, err := verify(f.run(t, s).AccessToken, jwks(t, s), RS256, s.Issuer(), testResource)
	if err != nil {
		t.Fatalf("registered client's token does not verify: %v", err)
	}
	if claims.ClientID != id {
		t.Errorf("token client_id = %q, want %s", claims.ClientID, id)
	}
}

// TestRegistrationRefusals checks what a public native client may not register.
func TestRegistrationRefusals(t *testing.T) {
	s := startServer(t)
	for _, tc := range []struct {
		name, body, wantError string
	}{
		{"not JSON", `redirect_uris=x`, "invalid_client_metadata"},
		{"no redirect URI", `{"redirect_uris":[]}`, "invalid_redirect_uri"},
		{"http off loopback", `{"redirect_uris":["http://example.com/cb"]}`, "invalid_redirect_uri"},
		{"javascript scheme", `{"redirect_uris":["javascript:alert(1)"]}`, "invalid_redirect_uri"},
		{"fragment", `{"redirect_uris":["https://example.com/cb#x"]}`, "invalid_redirect_uri"},
		{"client secret", `{"redirect_uris":["` + testRedirect + `"],"token_endpoint_auth_method":"client_secret_basic"}`, "invalid_client_metadata"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, answer := register(t, s, tc.body)
			if status != http.StatusBadRequest || answer["error"] != tc.wantError {
				t.Errorf("got %d %v, want 400 error=%s", status, answer, tc.wantError)
			}
		})
	}
}

// TestMethodsAndCORS checks the endpoints served beside the provider answer
// only their method, and let a browser-based client (the MCP Inspector)
// read them across origins.
func TestMethodsAndCORS(t *testing.T) {
	s := startServer(t)
	for _, tc := range []struct {
		method, path string
		wantStatus   int
	}{
		{http.MethodGet, "/.well-known/oauth-authorization-server", http.StatusOK},
		{http.MethodPost, "/.well-known/openid-configuration", http.StatusMethodNotAllowed},
		{http.MethodOptions, "/register", http.StatusNoContent},
		{http.MethodGet, "/register", http.StatusMethodNotAllowed},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, s.Issuer()+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Origin", "http://localhost:6274")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin = %q, want *", got)
			}
		})
	}
}
