package basicauthcheck

import (
	"net/http"

	"authlab/grader"
	"authlab/internal/catalog"
)

// Handler builds the stage's server for `authlab serve`: the catalog at /mcp
// behind the learner's Protect. The MCP handler is stateless, so a single
// curl request can call tools/list.
func Handler(t Target) (http.Handler, error) {
	protected, err := t.Protect(catalog.New("serve").StatelessHandler())
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
	return []grader.Example{
		{Title: "401: no credential", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, "")},
		{Title: "403: a wrong secret (the chapter's rule)", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer not-the-secret'`)},
		{Title: "200: tools/list with the secret", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer `+secret+`'`)},
	}
}
