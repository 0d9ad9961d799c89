package refreshcheck

import (
	"fmt"
	"net/http"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
	"authlab/internal/refreshstore"
)

// demo is the stage's server for `authlab serve`.
func demo(t Target) grader.Demo {
	return grader.Demo{
		Env: tokenlab.ServeLoginEnv,
		Handler: func() (http.Handler, error) {
			cfg, err := tokenlab.ServeConfig()
			if err != nil {
				return nil, err
			}
			return t.NewServer(cfg, refreshstore.New(), catalog.New("serve").StatelessHandler())
		},
		Examples: examples,
	}
}

// examples returns curl commands against a stage-5 server at baseURL
// started with env: log in, refresh, reuse the old token, revoke. The
// tokens stay in shell variables; only their length is shown, so that the
// lines answer the same however often they are pasted.
func examples(baseURL string, env map[string]string) []grader.Example {
	login := fmt.Sprintf(`curl -s %s/login -H 'Content-Type: application/json' -d '{"username":"%s","password":"%s"}'`,
		baseURL, tokenlab.DemoUser, env[tokenlab.DemoPasswordEnv])
	keep := func(name string) string { return ` | sed -n 's/.*"` + name + `":"\([^"]*\)".*/\1/p'` }
	refresh := func(flags, token string) string {
		return fmt.Sprintf(`curl -s%s %s/token -d grant_type=refresh_token -d refresh_token=%s`, flags, baseURL, token)
	}
	return []grader.Example{
		{Title: "200: log in and keep the refresh token", Command: `OLD=$(` + login + keep("refresh_token") + `); echo "refresh token: ${#OLD} characters"`},
		{Title: "200: trade it for a new pair", Command: `NEW=$(` + refresh("", `"$OLD"`) + keep("refresh_token") + `); echo "new refresh token: ${#NEW} characters"`},
		{Title: "400 invalid_grant: the old one again, a reuse: its family is revoked", Command: refresh(" -i", `"$OLD"`)},
		{Title: "400 invalid_grant: the new one too, revoked with its family", Command: refresh(" -i", `"$NEW"`)},
		{Title: "200: revoke a token, known or not", Command: fmt.Sprintf(`curl -s -i %s/revoke -d token=no-such-token`, baseURL)},
	}
}
