package basicauthcheck

import (
	"fmt"
	"net/http"

	"authlab/grader"
	"authlab/internal/catalog"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Handler builds the stage's server for `authlab serve`: the catalog at /mcp
// behind the learner's Protect. The MCP handler is stateless, so a single
// curl request can call tools/list.
func Handler(t Target) (http.Handler, error) {
	srv := catalog.New("serve").NewServer()
	inner := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	protected, err := t.Protect(inner)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", protected)
	return mux, nil
}

// Examples returns curl commands against a stage-1 server at baseURL that
// uses secret: one per answer the stage teaches.
func Examples(baseURL, secret string) []grader.Example {
	call := fmt.Sprintf(`curl -i %s/mcp -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`, baseURL)
	return []grader.Example{
		{Title: "401: no credential", Command: call},
		{Title: "403: a wrong secret (the chapter's rule)", Command: call + ` -H 'Authorization: Bearer not-the-secret'`},
		{Title: "200: tools/list with the secret", Command: call + fmt.Sprintf(` -H 'Authorization: Bearer %s'`, secret)},
	}
}
