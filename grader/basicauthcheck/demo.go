package basicauthcheck

import (
	"net/http"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// demo is the stage's server for `authlab serve`: the catalog at /mcp behind
// the learner's Protect, with a fresh secret.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env:      func() map[string]string { return map[string]string{SecretEnv: probe.Random(24)} },
		Handler:  func() (http.Handler, error) { return handler(t) },
		Examples: func(baseURL string, env map[string]string) []grader.Example { return examples(baseURL, env[SecretEnv]) },
	}
}

// handler serves the catalog at /mcp behind the learner's Protect. The MCP
// handler is stateless, so a single curl request can call tools/list.
func handler(t Target) (http.Handler, error) {
	protected, err := t.Protect(catalog.New("serve").StatelessHandler())
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", protected)
	return mux, nil
}

// examples returns curl commands against a stage-1 server at baseURL that
// uses secret: one per answer the stage teaches.
func examples(baseURL, secret string) []grader.Example {
	return []grader.Example{
		{Title: "401: no credential", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, "")},
		{Title: "403: a wrong secret (the chapter's rule)", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer not-the-secret'`)},
		{Title: "200: tools/list with the secret", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer `+secret+`'`)},
	}
}
