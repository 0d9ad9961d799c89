package basicauthcheck

import (
	"context"
	"net/http"
	"net/http/httptest"

	"authlab/grader"
	"authlab/grader/probe"
)

// Hints for each piece of process-wide state a client may change.
const (
	hintDefaultClient = "http.DefaultClient is shared by every package of the program: once its Transport adds the secret, every " +
		"request the program makes, to any host, carries it. Build a client of your own: &http.Client{Transport: NewTransport(secret, http.DefaultTransport)}."
	hintDefaultTransport = "NewTransport receives base to send requests through, not to change: http.DefaultTransport is shared by the " +
		"whole program. Wrap it, never modify it (if you must change a *http.Transport, change a copy made with its Clone method)."
	hintEnvironment = "The environment is shared by the whole process and inherited by every program it starts: keep the secret in " +
		"your own variables and never write it there."
)

// processCheck demands that the learner's client leave process-wide state
// as it found it: http.DefaultClient, http.DefaultTransport and the
// environment.
func processCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-keeps-process-state", Name: "Your client leaves http.DefaultClient, http.DefaultTransport and the environment alone",
		Sends: "ListTools(ctx, endpoint, secret) and a request through NewTransport(secret, http.DefaultTransport); then a plain " +
			"request through http.DefaultClient to another server",
		Expect: "http.DefaultClient, http.DefaultTransport and the environment unchanged, and no Authorization header on the plain request",
		Hint:   probe.HintDefaultClient,
		Run: func(ctx context.Context) error {
			before := probe.SnapshotProcess()
			defer before.Restore()
			lab, secret, err := referenceServer()
			if err != nil {
				return err
			}
			defer lab.Close()
			_, _ = t.ListTools(ctx, lab.URL, secret)
			if rt := t.NewTransport(secret, http.DefaultTransport); rt != nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, lab.URL, nil)
				if resp, err := rt.RoundTrip(req); err == nil {
					resp.Body.Close()
				}
			}
			changes, hint := before.Changes(probe.SnapshotProcess(), secret)
			var carries grader.Phrase

			// Whatever the snapshot shows, what matters is what a plain
			// request of the rest of the program now carries.
			elsewhere := &recordingServer{}
			other := httptest.NewServer(elsewhere)
			defer other.Close()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, other.URL+"/elsewhere", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
			for _, r := range elsewhere.requests() {
				if label, piece := probe.Leaked(r.text, []probe.Secret{{Label: probe.PhraseSecretSecret.Say(nil), Value: secret}}); label.Text != "" {
					carries = phraseDefaultCarries.Say(map[string]any{"Where": where(r.text, secret, piece)})
					hint = probe.HintDefaultClient
				}
			}
			got := changes
			if carries.Text != "" {
				got = append(got, carries)
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

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.basicauthcheck.default-client", hintDefaultClient)
	_ = grader.NewPhraseForm("hint.basicauthcheck.default-transport", hintDefaultTransport)
	_ = grader.NewPhraseForm("hint.basicauthcheck.environment", hintEnvironment)
)

// phraseStateRestored says authlab undid what the learner's code changed in the process.
var phraseStateRestored = grader.NewPhraseForm("detail.basicauthcheck.state-restored",
	"authlab put the changed state back, so that the checks after this one are not affected.")
