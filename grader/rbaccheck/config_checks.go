package rbaccheck

import (
	"context"
	"net/http"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
)

// nilStoreCheck demands that a server without a user store refuses to
// start: it could look nobody up, and code that skips the lookup when the
// store is missing lets every valid token through.
func nilStoreCheck(t Target) grader.Check {
	return grader.Check{
		ID: "nil-user-store-refused", Name: "Without a user store the server refuses to start",
		Sends:  "NewServer with a good key, issuer and audience, and cfg.Users nil",
		Expect: "an error, and no handler",
		Hint:   "Fail closed: check cfg.Users != nil in NewServer and return an error naming it, as for a short key.",
		Run: func(ctx context.Context) error {
			acct, err := tokenlab.TheAccount()
			if err != nil {
				return err
			}
			cfg := tokenlab.NewConfig(acct)
			cfg.Users = nil
			sent := phraseNilStore.Say(nil)
			h, err := t.NewServer(cfg, http.NotFoundHandler())
			switch {
			case err == nil:
				return grader.Fail(sent, probe.PhraseAnError.Say(nil), phraseNoErrorNoUsers.Say(nil))
			case h != nil:
				return grader.Fail(sent, probe.PhraseErrorNoHandler.Say(nil), probe.PhraseErrorAndHandler.Say(nil))
			}
			return nil
		},
	}
}

// minKeyCheck demands that a key of exactly the minimum length is taken:
// the bound is "at least 32 bytes", not "more than 32".
func minKeyCheck(t Target) grader.Check {
	return grader.Check{
		ID: "min-length-key-accepted", Name: "A signing key of exactly 32 bytes is accepted",
		Sends:  "NewServer with a random key of exactly 32 bytes, then tools/call with a valid token carrying User.Read signed with it",
		Expect: "a handler and no error, and the tool runs",
		Hint:   "Refuse keys shorter than jwtconfig.MinKeyLen: len(cfg.SigningKey) < jwtconfig.MinKeyLen, not <=.",
		Run: func(ctx context.Context) error {
			key := []byte(probe.Random(jwtconfig.MinKeyLen)[:jwtconfig.MinKeyLen])
			f, err := startWith(t, phraseMinKeyServer.Say(nil),
				func(cfg *jwtconfig.Config) { cfg.SigningKey = key })
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			return expectVariants(ctx, f, session, []variant{{
				sent: phraseMinKeyCall.Say(nil),
				edit: func(*oracle.Draft) {},
				want: oracle.Allowed(),
			}})
		},
	}
}
