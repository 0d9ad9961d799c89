package rbaccheck

import (
	"context"
	"strconv"
	"time"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
)

// sideBySideCheck starts two servers with different keys, issuers,
// audiences and user stores in one process: each must judge by its own
// configuration only.
func sideBySideCheck(t Target) grader.Check {
	return grader.Check{
		ID: "two-servers-side-by-side", Name: "Two servers with different configurations in one process each keep their own",
		Sends: "NewServer twice, with different keys, issuers, audiences and user stores, both serving; then to each, in turn, " +
			"tools/call with a token of its own for its own user, a token of the other server, and a token of its own for the " +
			"other server's user",
		Expect: "each server lets its own user's token through (the tools see that user), refuses the other server's token " +
			"with 401 invalid_token, and refuses the other server's user with 403",
		Hint: "Everything NewServer is given belongs to the server it returns: keep cfg in the closure or struct of that " +
			"server, never in a package-level variable, a sync.Once or http.DefaultServeMux.",
		Deadline: 6 * time.Second,
		Run: func(ctx context.Context) error {
			crowds, err := newCrowds()
			if err != nil {
				return err
			}
			var servers [2]*tokenlab.Fixture
			sent := []grader.Phrase{phraseThreeUsers.Say(nil), phraseSecondServer.Say(nil)}
			for i, c := range crowds {
				f, err := startWith(t, sent[i], func(cfg *jwtconfig.Config) { cfg.Users = c.Store })
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				servers[i] = f
			}
			for i, f := range servers {
				other := servers[1-i]
				own, stranger := crowds[i].Users[0], crowds[1-i].Users[0]
				session, closeSession, err := f.Lab.DirectSession(ctx)
				if err != nil {
					return err
				}
				defer closeSession()
				which := []grader.PhraseForm{phraseTheFirst, phraseTheSecond}[i].Say(nil)
				err = expectVariants(ctx, f, session, []variant{
					{phraseOwnToken.Say(map[string]any{"Server": which, "User": strconv.Quote(own)}), asToken(tokenFor(f, own, []string{Permission})),
						oracle.Expect{{Allow: true, Identity: &probe.Identity{UserID: own, Scopes: []string{Permission}}}}},
					{phraseOtherServerToken.Say(map[string]any{"Server": which, "User": strconv.Quote(stranger)}),
						asToken(tokenFor(other, stranger, []string{Permission})), oracle.Refused(tokenlab.InvalidToken)},
					{phraseOtherUserToken.Say(map[string]any{"Server": which, "User": strconv.Quote(stranger)}),
						asToken(tokenFor(f, stranger, []string{Permission})), oracle.Refused(unknownUser)},
				})
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// asToken makes a draft send raw as its bearer token.
func asToken(raw string) func(d *oracle.Draft) {
	return func(d *oracle.Draft) { d.Token, d.Cred = nil, raw }
}
