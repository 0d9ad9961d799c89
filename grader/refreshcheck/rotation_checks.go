package refreshcheck

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/tokenlab"
)

// serverCheck fills c's Run: fn against a fresh server whose refresh
// tokens live ttl.
func serverCheck(t Target, ttl time.Duration, c grader.Check, fn func(ctx context.Context, f *fixture) error) grader.Check {
	c.Run = func(ctx context.Context) error {
		f, err := start(t, ttl)
		if err != nil {
			return err
		}
		defer f.Lab.Close()
		return fn(ctx, f)
	}
	return c
}

// expiryTTL is the refresh lifetime of the check that waits for it to end.
const expiryTTL = 1500 * time.Millisecond

// minRefreshLen is the shortest refresh token that can carry 128 bits:
// 16 bytes in unpadded base64url. Hex needs 32.
const minRefreshLen = 22

// rotationChecks are the checks of issuing and rotating refresh tokens.
func rotationChecks(t Target) []grader.Check {
	return []grader.Check{
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "login-issues-refresh-token",
			Name:   "A login answers an access token and a long, random refresh token",
			Sends:  "POST /login with the right password, three times",
			Expect: "200 with a valid access_token and a refresh_token of at least 128 random bits, a different one each time",
			Hint: "Make the refresh token from crypto/rand: 32 bytes, hex- or base64url-encoded. Never derive it from the user, the time " +
				"or a counter, and add it to the token answer as refresh_token.",
		}, func(ctx context.Context, f *fixture) error {
			var seen []string
			for range 3 {
				tok, err := f.mustLogin(ctx)
				if err != nil {
					return err
				}
				switch {
				case len(tok) < minRefreshLen:
					return f.Lab.FailSay(loginSent, phrase128Bits.Say(nil),
						phraseShortRefresh.Say(map[string]any{"Chars": len(tok), "Bits": len(tok) * 6}))
				case slices.Contains(seen, tok):
					return f.Lab.FailSay(phraseThreeTimes.Say(map[string]any{"Sent": loginSent}), phraseDifferentEach.Say(nil), phraseSameTwice.Say(nil))
				}
				seen = append(seen, tok)
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "refresh-token-stored-hashed",
			Name:   "The server keeps only a hash of each refresh token",
			Sends:  "POST /login and POST /token, then a look into the refresh store",
			Expect: "no key or record in the store that holds a refresh token it handed out",
			Hint: "Store the record under the token's SHA-256 (crypto/sha256, then hex), never under the token itself, and keep the " +
				"token out of the record: whoever reads the database must not be able to log in.",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			r2, err := f.mustRefresh(ctx, r1, phraseTokenLogins.Say(nil))
			if err != nil {
				return err
			}
			for _, tok := range []string{r1, r2} {
				if where := storedIn(f, tok); where.Text != "" {
					return f.Lab.FailSay(then(loginSent, grader.Literal("POST /token")), phraseOnlyHashes.Say(nil),
						phraseInClear.Say(map[string]any{"Where": where}))
				}
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "refresh-rotates",
			Name:   "A refresh answers a new pair of tokens and kills the one it used",
			Sends:  "POST /token with grant_type=refresh_token and the login's refresh token, then the new one, then the old one",
			Expect: "200 with a valid access_token and a new refresh_token; the new one works once; the old one is refused, 400 invalid_grant",
			Hint: "In one store.Update, refuse a record already Used and mark it Used; then issue a new access token and a new refresh " +
				"token of the same family (RFC 9700 §4.14.2).",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			sent := phraseTokenLogins.Say(nil)
			a, err := f.refreshWith(ctx, r1)
			if err != nil {
				return err
			}
			if problem := a.granted(f); problem.Text != "" {
				return f.Lab.FailSay(sent, phraseWantRefresh.Say(nil), a.wrongAnswer(problem))
			}
			if j := tokenlab.Judge(f.Cfg, a.access(), time.Now()); j.Claims["sub"] != f.Account.User.Username {
				return f.Lab.FailSay(sent, phraseForTheUser.Say(nil), phraseWithSub.Say(map[string]any{"Sub": fmt.Sprint(j.Claims["sub"])}))
			}
			r2 := a.refresh()
			if r2 == r1 {
				return f.Lab.FailSay(sent, phraseNewRefresh.Say(nil), phraseNeverRotated.Say(nil))
			}
			if _, err := f.mustRefresh(ctx, r2, then(sent, phraseTheNewOne.Say(nil))); err != nil {
				return err
			}
			return f.mustRefuse(ctx, r1, then(then(sent, phraseTheNewOne.Say(nil)), phraseLoginsAgain.Say(nil)), phraseRotatedDead.Say(nil))
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "reuse-revokes-family",
			Name:   "A rotated refresh token used again revokes every token of its login, and only those",
			Sends:  "two logins; POST /token with the first login's token (rotating it), then that token again, then its successor",
			Expect: "the reused token and its successor both refused, 400 invalid_grant; the other login's token still works",
			Hint: "When store.Update finds the record already Used, someone holds a copy of a token its owner rotated: call " +
				"store.DeleteFamily(record.Family) before answering invalid_grant. Keep used records until the family expires, so " +
				"reuse can be seen.",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			other, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			r2, err := f.mustRefresh(ctx, r1, phraseTokenLogins.Say(nil))
			if err != nil {
				return err
			}
			sent := phraseThiefsCopy.Say(nil)
			if err := f.mustRefuse(ctx, r1, sent, phraseRotatedDead.Say(nil)); err != nil {
				return err
			}
			if err := f.mustRefuse(ctx, r2, then(sent, phraseItsSuccessor.Say(nil)), phraseReuseRevokes.Say(nil)); err != nil {
				return err
			}
			_, err = f.mustRefresh(ctx, other, then(sent, phraseAnotherLogin.Say(nil)))
			return err
		}),
		serverCheck(t, expiryTTL, grader.Check{
			ID:     "refresh-expires-with-login",
			Name:   "A login's refresh tokens die when its lifetime ends, rotated or not",
			Sends:  "two logins with RefreshTTL 1.5s; POST /token with the first's token 0.5 s in; then, 1.7 s in, both logins' current tokens",
			Expect: "the refresh at 0.5 s granted; at 1.7 s both tokens refused, 400 invalid_grant",
			Hint: "Record Expires = time.Now().Add(cfg.RefreshTTL) at login, refuse a record with !now.Before(rec.Expires), and give " +
				"a rotated-in token the used one's Expires.",
		}, func(ctx context.Context, f *fixture) error {
			kept, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			loggedIn := time.Now()
			if err := sleepUntil(ctx, loggedIn.Add(expiryTTL/3)); err != nil {
				return err
			}
			r2, err := f.mustRefresh(ctx, r1, phraseHalfSecond.Say(nil))
			if err != nil {
				return err
			}
			if err := sleepUntil(ctx, loggedIn.Add(expiryTTL+200*time.Millisecond)); err != nil {
				return err
			}
			if err := f.mustRefuse(ctx, kept, phraseAfterLife.Say(nil), phraseRefreshExpired.Say(nil)); err != nil {
				fail := grader.AsFailure(err)
				fail.SayHint(phraseHintRecordExpires.Say(nil))
				return fail
			}
			if err := f.mustRefuse(ctx, r2, phraseRotatedAfterLife.Say(nil), phraseFamilyLifetime.Say(nil)); err != nil {
				fail := grader.AsFailure(err)
				fail.SayHint(phraseHintKeepExpires.Say(nil))
				return fail
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "refresh-token-not-access",
			Name:   "A refresh token is refused as an access token",
			Sends:  "tools/list with Authorization: Bearer <a refresh token>",
			Expect: `401 with WWW-Authenticate: Bearer error="invalid_token", and the request never reaches the MCP server`,
			Hint:   "The /mcp middleware accepts only access tokens, checked with ParseToken; never look a bearer token up in the refresh store.",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			sent := phraseListWithRefresh.Say(nil)
			ex, err := f.Lab.Send(ctx, toolsList, map[string]string{"Authorization": "Bearer " + r1})
			if err != nil {
				return err
			}
			if ex.Status != http.StatusUnauthorized || !strings.Contains(ex.WWWAuthenticate, "invalid_token") || f.Lab.Reached() > 0 {
				got := ex.DescribePhrase()
				if f.Lab.Reached() > 0 {
					got = phraseReachedMCP.Say(map[string]any{"Answer": got})
				}
				return f.Lab.FailSay(sent, phrase401InvalidToken.Say(nil), got)
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "access-token-not-refresh",
			Name:   "An access token is refused as a refresh token",
			Sends:  "POST /token with grant_type=refresh_token and the login's access token as refresh_token",
			Expect: `400 {"error": "invalid_grant"}, and no tokens`,
			Hint: "POST /token accepts only what the refresh store knows: look the presented token's hash up there, and refuse " +
				"anything else, a valid access token included.",
		}, func(ctx context.Context, f *fixture) error {
			a, err := f.login(ctx)
			if err != nil {
				return err
			}
			if problem := a.granted(f); problem.Text != "" {
				return f.Lab.FailSay(loginSent, phraseWantLogin.Say(nil), a.wrongAnswer(problem))
			}
			return f.mustRefuse(ctx, a.access(), phraseAccessAsRefresh.Say(nil), phraseNotRefresh.Say(nil))
		}),
	}
}

// storedIn says where the refresh store holds tok in clear, or "".
func storedIn(f *fixture, tok string) grader.Phrase {
	for _, k := range f.store.Keys() {
		if strings.Contains(k, tok) {
			return phraseAsAKey.Say(nil)
		}
	}
	for _, r := range f.store.Records() {
		if strings.Contains(r.Family, tok) || strings.Contains(r.Subject, tok) {
			return phraseInARecord.Say(nil)
		}
	}
	return grader.Phrase{}
}

// sleepUntil waits until t, or returns ctx's error.
func sleepUntil(ctx context.Context, t time.Time) error {
	select {
	case <-time.After(time.Until(t)):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The hints of a refresh token that outlives its login.
var (
	phraseHintRecordExpires = grader.NewPhraseForm("hint.refreshcheck.record-expires",
		"Record Expires = time.Now().Add(cfg.RefreshTTL) at login, and in store.Update refuse a record with !now.Before(rec.Expires).")
	phraseHintKeepExpires = grader.NewPhraseForm("hint.refreshcheck.keep-expires", "Give the new refresh token the used one's Expires, not time.Now().Add(cfg.RefreshTTL): otherwise whoever keeps refreshing, a thief included, keeps the login alive forever.")
)
