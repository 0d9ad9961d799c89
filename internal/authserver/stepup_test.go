package authserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// callsTool reports whether the JSON-RPC body calls the tool name, leaving
// the body readable again.
func callsTool(r *http.Request, name string) bool {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	var msg struct {
		Method string `json:"method"`
		Params struct {
			Name string `json:"name"`
		} `json:"params"`
	}
	return json.Unmarshal(body, &msg) == nil && msg.Method == "tools/call" && msg.Params.Name == name
}

// TestSDKClientStepsUp checks step-up authorization (MCP 2025-11-25): a
// token with mcp:tools calls admin, which needs mcp:admin too; on a 403
// whose challenge says error="insufficient_scope" the SDK client asks this
// server again for the union of scopes and retries. Without error= in the
// challenge (what the SDK's RequireBearerToken sends on its own 403) the
// client does not step up: stage 6's servers must write that header.
func TestSDKClientStepsUp(t *testing.T) {
	for _, tc := range []struct {
		name       string
		challenge  string // %q is the resource metadata URL
		wantScopes string // "" when the call must fail
	}{
		{"insufficient_scope challenge", `Bearer error="insufficient_scope", scope="mcp:tools mcp:admin", resource_metadata=%q`, "mcp:tools mcp:admin"},
		{"challenge without error", `Bearer scope="mcp:tools mcp:admin", resource_metadata=%q`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gate := func(metadataURL string, next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if callsTool(r, "admin") && !slices.Contains(auth.TokenInfoFromContext(r.Context()).Scopes, "mcp:admin") {
						w.Header().Set("WWW-Authenticate", fmt.Sprintf(tc.challenge, metadataURL))
						http.Error(w, "insufficient scope", http.StatusForbidden)
						return
					}
					next.ServeHTTP(w, r)
				})
			}
			mcpURL, as := protectedMCPServer(t, "mcp:tools", gate, func(resource string) *Server {
				return startServer(t, WithResource(resource), WithScopes("mcp:tools", "mcp:admin"))
			})
			session, log := connectSDK(t, mcpURL, &auth.AuthorizationCodeHandlerConfig{
				PreregisteredClient: &oauthex.ClientCredentials{ClientID: as.ClientID()},
			})
			res, err := session.CallTool(t.Context(), &mcp.CallToolParams{Name: "admin"})
			if tc.wantScopes == "" {
				if err == nil {
					t.Fatalf("admin ran (%+v) without the scope it needs", res)
				}
				return
			}
			if err != nil || res.IsError {
				t.Fatalf("CallTool: %v %+v\nrequests:\n%s", err, res, strings.Join(log.Lines(), "\n"))
			}
			if got := res.Content[0].(*mcp.TextContent).Text; got != tc.wantScopes {
				t.Errorf("admin ran with scopes %q, want %q", got, tc.wantScopes)
			}
			stepUp := append([]string{"POST /mcp → 403", "GET /.well-known/oauth-protected-resource/mcp → 200"}, flowChain...)
			if missing := inOrder(log.Lines(), stepUp); missing != "" {
				t.Errorf("requests miss %q of the step-up; sent:\n%s", missing, strings.Join(log.Lines(), "\n"))
			}
		})
	}
}
