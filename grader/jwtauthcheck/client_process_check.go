package jwtauthcheck

import (
	"context"
	"net/http"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// processCheck demands that the learner's client leave process-wide state
// as it found it: a login and a tool call must not install the token in
// http.DefaultClient or http.DefaultTransport, nor write it to the
// environment.
func processCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-keeps-process-state", Name: "Your client leaves http.DefaultClient, http.DefaultTransport and the environment alone",
		Sends: "Login(ctx, baseURL, user, password) and CallTool(ctx, endpoint, token, \"list_products\"); then a plain request " +
			"through http.DefaultClient to another server",
		Expect: "http.DefaultClient, http.DefaultTransport and the environment unchanged, and neither the token nor the password on the plain request",
		Hint:   probe.HintDefaultClient,
		Run: func(ctx context.Context) error {
			before := probe.SnapshotProcess()
			defer before.Restore()
			ref, err := startReference()
			if err != nil {
				return err
			}
			defer ref.lab.Close()
			token, _ := t.Login(ctx, ref.lab.BaseURL, ref.username, ref.password)
			if token == "" {
				token = ref.token
			}
			_, _ = t.CallTool(ctx, ref.lab.URL, token, catalog.ToolListProducts)
			changes, hint := before.Changes(probe.SnapshotProcess(), ref.token)

			// What matters in the end is what a plain request of the rest
			// of the program now carries.
			elsewhere := newOrigin(http.NotFound)
			defer elsewhere.srv.Close()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, elsewhere.srv.URL+"/elsewhere", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
			for label, secret := range map[string]string{"the token": ref.token, "the password": ref.password} {
				if _, ok := elsewhere.carrying(secret); ok {
					changes = append(changes, "a plain http.DefaultClient request to another server now carries "+label)
					hint = probe.HintDefaultClient
				}
			}
			if len(changes) == 0 {
				return nil
			}
			f := grader.Failf("Login and CallTool, then a plain request through http.DefaultClient",
				"the process as it was: http.DefaultClient, http.DefaultTransport and the environment unchanged", "%s", strings.Join(changes, "; "))
			f.Hint = hint
			f.Detail = "authlab put the changed state back, so that the checks after this one are not affected."
			return f
		},
	}
}
