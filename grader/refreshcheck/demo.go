package refreshcheck

import (
	"net/http"

	"authlab/grader"
	"authlab/internal/catalog"
)

// demo is the stage's server for `authlab serve`: the catalog at /mcp behind
// the learner's Protect. The MCP handler is stateless, so a single curl
// request can call tools/list.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env: func() map[string]string { return nil },
		Handler: func() (http.Handler, error) {
			mux := http.NewServeMux()
			mux.Handle("/mcp", t.Protect(catalog.New("serve").StatelessHandler()))
			return mux, nil
		},
		Examples: func(baseURL string, _ map[string]string) []grader.Example {
			return []grader.Example{
				{Title: "401: no credential", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, "")},
				{Title: "401: an empty Authorization header", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization;'`)},
				{Title: "200: tools/list with a credential", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer any-credential'`)},
			}
		},
	}
}
