package jwtcheck

import (
	"fmt"
	"net/http"
	"os"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Handler builds the stage's server for `authlab serve`: the learner's
// NewServer with the configuration from the environment and one demo user
// holding User.Read. The MCP handler is stateless, so a single curl
// request can call tools/list.
func Handler(t Target) (http.Handler, error) {
	store := users.NewStore()
	if err := store.Add(os.Getenv(tokenlab.DemoUserEnv), os.Getenv(tokenlab.DemoPasswordEnv), "Demo User", "User.Read"); err != nil {
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

// Examples returns curl commands against a stage-2 server at baseURL
// started with env.
func Examples(baseURL string, env map[string]string) []grader.Example {
	login := fmt.Sprintf(`curl -s %s/login -H 'Content-Type: application/json' -d '{"username":"%s","password":"%s"}'`,
		baseURL, env[tokenlab.DemoUserEnv], env[tokenlab.DemoPasswordEnv])
	call := fmt.Sprintf(`curl -i %s/mcp -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`, baseURL)
	return []grader.Example{
		{Title: "200: log in and keep the token", Command: `TOKEN=$(` + login + ` | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'); echo "$TOKEN"`},
		{Title: "401: no token", Command: call},
		{Title: `401 with error="invalid_token": a forged token`, Command: call + ` -H 'Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.'`},
		{Title: "200: tools/list with the token", Command: call + ` -H "Authorization: Bearer $TOKEN"`},
	}
}
