package oauthcheck

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"

	"authlab/grader"
	"authlab/internal/authserver"
	"authlab/internal/catalog"
	"authlab/internal/oauthconfig"
)

// demoScope is the scope the demo's server requires.
const demoScope = "mcp:tools"

// demo is the stage's server for `authlab serve`: the catalog behind the
// learner's NewServer, beside an authorization server for it. The resource
// is known only once the server listens, so both are built on the first
// request, from the Host it was sent to.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env: func() map[string]string { return nil },
		Handler: func() (http.Handler, error) {
			var (
				once    sync.Once
				handler http.Handler
				err     error
			)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				once.Do(func() { handler, err = demoServer(t, r.Host) })
				if err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
					return
				}
				handler.ServeHTTP(w, r)
			}), nil
		},
		Examples: func(baseURL string, _ map[string]string) []grader.Example {
			return []grader.Example{
				{Title: "401 pointing to the resource metadata (the MCP Inspector, npx @modelcontextprotocol/inspector, set to Streamable HTTP and " + baseURL + "/mcp, follows it to the authorization server and logs in by itself)",
					Command: grader.CurlMCP(baseURL, grader.ToolsListBody, "")},
				{Title: "200: the resource metadata (RFC 9728), naming the authorization server; the TypeScript SDK's client (StreamableHTTPClientTransport with an authProvider, @modelcontextprotocol/sdk) follows it the same way", Command: "curl -i " + baseURL + "/.well-known/oauth-protected-resource/mcp"},
				{Title: "401 invalid_token: a token the authorization server never signed", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer not-a-real-token'`)},
			}
		},
	}
}

// demoServer starts an authorization server for the MCP endpoint at host,
// which must be a loopback address, and an inventory, and returns the
// learner's server for them.
func demoServer(t Target, host string) (http.Handler, error) {
	quietAuthServer()
	name, _, err := net.SplitHostPort(host)
	if ip := net.ParseIP(name); err != nil || (name != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return nil, fmt.Errorf("the demo serves only loopback addresses; open http://127.0.0.1:PORT/mcp, not %q", host)
	}
	resource := "http://" + host + "/mcp"
	as, err := authserver.Start(context.Background(), authserver.WithResource(resource), authserver.WithScopes(demoScope))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		as.Close()
		return nil, err
	}
	go http.Serve(ln, &inventory{stock: "demo"})
	return t.NewServer(oauthconfig.Config{
		Resource:     resource,
		Issuer:       as.Issuer(),
		Scope:        demoScope,
		InventoryURL: "http://" + ln.Addr().String(),
		InventoryKey: "demo-inventory-key",
	}, catalog.New("serve").NewServer())
}
