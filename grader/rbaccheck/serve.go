package rbaccheck

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Handler builds the stage's server for `authlab serve`: the learner's
// NewServer with the configuration from the environment and one demo user.
func Handler(t Target) (http.Handler, error) {
	store := users.NewStore()
	if err := store.Add(os.Getenv(tokenlab.DemoUserEnv), os.Getenv(tokenlab.DemoPasswordEnv), "Demo User", Permission); err != nil {
		return nil, err
	}
	cfg, err := jwtconfig.FromEnv(store)
	if err != nil {
		return nil, err
	}
	srv := catalog.New("serve").NewServer()
	inner := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	return t.NewServer(cfg, inner)
}

// Examples returns curl commands against a stage-3 server at baseURL
// started with env: tokens with and without the permission are minted
// here, since this stage's server has no login endpoint.
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
	call := fmt.Sprintf(`curl -i %s/mcp -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`, baseURL)
	return []grader.Example{
		{Title: "401: no token", Command: call},
		{Title: `403 with error="insufficient_scope": a valid token with only Guest.Read`, Command: call + " -H 'Authorization: Bearer " + mint("Guest.Read") + "'"},
		{Title: "200: a valid token with User.Read", Command: call + " -H 'Authorization: Bearer " + mint(Permission) + "'"},
	}
}
