package jwtauthcheck

import (
	"context"
	"net/http"

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
			got := changes
			for _, leak := range []struct {
				label  grader.Phrase
				secret string
			}{{phraseTheToken.Say(nil), ref.token}, {phraseThePassword.Say(nil), ref.password}} {
				if _, ok := elsewhere.carrying(leak.secret); ok {
					got = append(got, phraseDefaultCarries.Say(map[string]any{"Label": leak.label}))
					hint = probe.HintDefaultClient
				}
			}
			if len(got) == 0 {
				return nil
			}
			f := grader.Fail(phraseProcessSent.Say(nil), phraseProcessAsItWas.Say(nil), got...)
			f.Hint = hint
			f.SayDetail(phraseStateRestored.Say(nil))
			return f
		},
	}
}

// phraseStateRestored says authlab undid what the learner's code changed in the process.
var phraseStateRestored = grader.NewPhraseForm("detail.jwtauthcheck.state-restored",
	"authlab put the changed state back, so that the checks after this one are not affected.")
