package jwtauthcheck

import (
	"fmt"
	"net/http"

	"authlab/grader"
	"authlab/grader/tokenlab"
)

// demo is the stage's server for `authlab serve`.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env:      tokenlab.ServeLoginEnv,
		Handler:  func() (http.Handler, error) { return tokenlab.ServeHandler(t.NewServer) },
		Examples: examples,
	}
}

// examples returns curl commands against a stage-2 server at baseURL
// started with env.
func examples(baseURL string, env map[string]string) []grader.Example {
	login := fmt.Sprintf(`curl -s %s/login -H 'Content-Type: application/json' -d '{"username":"%s","password":"%s"}'`,
		baseURL, tokenlab.DemoUser, env[tokenlab.DemoPasswordEnv])
	forged := "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ."
	return []grader.Example{
		{Title: "200: log in and keep the token", Command: `TOKEN=$(` + login + ` | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'); echo "$TOKEN"`},
		{Title: "401: no token", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, "")},
		{Title: `401 with error="invalid_token": a forged token`, Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H 'Authorization: Bearer `+forged+`'`)},
		{Title: "200: tools/list with the token", Command: grader.CurlMCP(baseURL, grader.ToolsListBody, `-H "Authorization: Bearer $TOKEN"`)},
	}
}
