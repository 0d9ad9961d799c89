package pertoolcheck

import (
	"net/http"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
)

// demo is the stage's server for `authlab serve`.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env:      tokenlab.ServeEnv,
		Handler:  func() (http.Handler, error) { return handler(t) },
		Examples: examples,
	}
}

// handler builds the stage's server for `authlab serve`: the catalog with
// the learner's per-tool check, behind the grader's token layer configured
// from the environment. The MCP handler is stateless, so a single curl
// request can call a tool, and each request gets a freshly seeded catalog,
// so the delete example answers the same each time it is pasted.
func handler(t Target) (http.Handler, error) {
	cfg, err := tokenlab.ServeConfig()
	if err != nil {
		return nil, err
	}
	h, err := httpLayer(cfg, catalog.FreshHandler("serve", t.Protect))
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", h)
	return mux, nil
}

// examples returns curl commands against a stage-4 server at baseURL
// started with env, with tokens minted for three roles.
func examples(baseURL string, env map[string]string) []grader.Example {
	as := func(body string, perm string) string {
		return grader.CurlMCP(baseURL, body, `-H 'Authorization: Bearer `+tokenlab.MintFromEnv(env, perm)+`'`)
	}
	del := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_product","arguments":{"id":1}}}`
	return []grader.Example{
		{Title: "tools/list as a guest (Guest.Read): only the read tools", Command: as(grader.ToolsListBody, "Guest.Read")},
		{Title: "delete_product as a user (User.Write): a tool error, nothing deleted", Command: as(del, "User.Write")},
		{Title: "delete_product as an admin (Admin.Write): deleted (each request starts from a fresh catalog, so this works every time)", Command: as(del, "Admin.Write")},
	}
}
