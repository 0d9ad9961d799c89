package rbaccheck

import (
	"net/http"

	"authlab/grader"
	"authlab/grader/tokenlab"
)

// demo is the stage's server for `authlab serve`.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env:      tokenlab.ServeEnv,
		Handler:  func() (http.Handler, error) { return tokenlab.ServeHandler(t.NewServer) },
		Examples: examples,
	}
}

// examples returns curl commands against a stage-3 server at baseURL
// started with env: tokens with and without the permission are minted
// here, since this stage's server has no login endpoint.
func examples(baseURL string, env map[string]string) []grader.Example {
	bearer := func(perms ...string) string {
		return `-H 'Authorization: Bearer ` + tokenlab.MintFromEnv(env, perms...) + `'`
	}
	return []grader.Example{
		{Title: "401: no token", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, "")},
		{Title: `403 with error="insufficient_scope": a valid token with only Guest.Read`, Command: grader.CurlMCP(baseURL, grader.ToolsListBody, bearer("Guest.Read"))},
		{Title: "200: a valid token with User.Read", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, bearer(Permission))},
	}
}
