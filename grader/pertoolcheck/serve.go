package pertoolcheck

import (
	"fmt"
	"net/http"
	"time"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Handler builds the stage's server for `authlab serve`: the catalog with
// the learner's per-tool check, behind the grader's token layer configured
// from the environment. The MCP handler is stateless, so a single curl
// request can call a tool.
func Handler(t Target) (http.Handler, error) {
	cfg, err := jwtconfig.FromEnv(users.NewStore())
	if err != nil {
		return nil, err
	}
	srv := catalog.New("serve").NewServer()
	t.Protect(srv)
	inner := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	h, err := httpLayer(cfg, inner)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", h)
	return mux, nil
}

// Examples returns curl commands against a stage-4 server at baseURL
// started with env, with tokens minted for three roles.
func Examples(baseURL string, env map[string]string) []grader.Example {
	mint := func(perms ...string) string {
		now := time.Now()
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"sub": env[tokenlab.DemoUserEnv], "permissions": perms,
			"iss": env[jwtconfig.IssuerEnv], "aud": env[jwtconfig.AudienceEnv],
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		}).SignedString([]byte(env[jwtconfig.KeyEnv]))
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return tok
	}
	post := func(body, tok string) string {
		return fmt.Sprintf(`curl -s %s/mcp -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -H 'Authorization: Bearer %s' -d '%s'`, baseURL, tok, body)
	}
	del := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_product","arguments":{"id":1}}}`
	list := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`
	return []grader.Example{
		{Title: "tools/list as a guest (Guest.Read): only the read tools", Command: post(list, mint("Guest.Read"))},
		{Title: "delete_product as a user (User.Write): a tool error, nothing deleted", Command: post(del, mint("User.Write"))},
		{Title: "delete_product as an admin (Admin.Write): deleted", Command: post(del, mint("Admin.Write"))},
	}
}
