package basicauthcheck

import (
	"context"
	"net/http"

	"authlab/grader"
	"authlab/grader/probe"
)

// sessionCheck demands that every request carry the credential itself: an
// MCP session opened with the right secret, or a good request a moment
// ago, vouches for nothing that follows.
func sessionCheck(t Target) grader.Check {
	return grader.Check{
		ID: "session-not-a-credential", Name: "A session opened with the secret does not stand in for it",
		Sends: "initialize and tools/list with Authorization: Bearer <the secret> through your middleware; then, naming that session's " +
			"Mcp-Session-Id, tools/call create_product with no Authorization header, then with a wrong secret, then DELETE with none",
		Expect: "401 with WWW-Authenticate: Bearer when no credential is sent, 403 for the wrong one, and none reaches the MCP handler: " +
			"only the Authorization header of each request counts",
		Hint: "Check the Authorization header of every request, whatever Mcp-Session-Id it names and whatever came before: a session id " +
			"is an address, not a credential (it travels in every request and ends up in logs), and a middleware must remember no caller.",
		Run: func(ctx context.Context) error {
			secret := probe.Random(24)
			lab, err := start(t, secret)
			if err != nil {
				return err
			}
			defer lab.Close()
			good := phraseGoodSecret.Say(nil)
			cs, rec, err := lab.Connect(ctx, http.Header{"Authorization": {"Bearer " + secret}})
			if err != nil {
				got := grader.Literal(err.Error())
				if last := rec.Last(); last != nil {
					got = last.DescribePhrase()
				}
				return lab.FailSay(probe.PhraseInitializeWith.Say(map[string]any{"Credential": good}), probe.PhraseInitialized.Say(nil), got)
			}
			defer cs.Close()
			if _, err := cs.ListTools(ctx, nil); err != nil {
				return lab.FailSay(probe.PhraseListWith.Say(map[string]any{"Credential": good}), probe.PhraseCatalogTools.Say(nil), grader.Literal(err.Error()))
			}
			session := cs.ID()
			if err := lab.ExpectRefused(ctx, session, phraseSessionNoAuth.Say(nil),
				nil, probe.NoCredential); err != nil {
				return err
			}
			wrong := map[string]string{"Authorization": "Bearer " + probe.Random(24)}
			if err := lab.ExpectRefused(ctx, session, phraseSessionWrong.Say(nil),
				wrong, wrongCredential); err != nil {
				return err
			}
			return lab.ExpectMethodRefused(ctx, session, http.MethodDelete, phraseSessionDelete.Say(nil),
				nil, probe.NoCredential)
		},
	}
}
