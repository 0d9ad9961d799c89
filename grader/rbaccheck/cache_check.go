package rbaccheck

import (
	"context"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

// maxLeewaySecs bounds the leeway a server may allow, as tokenlab.Judge
// does.
const maxLeewaySecs = int64(tokenlab.MaxLeeway / time.Second)

// twinEvery is how often a fresh token is sent while waiting for the end
// of the leeway.
const twinEvery = 150 * time.Millisecond

// cacheCheck demands that a token the server has seen is refused once it
// expires, as a fresh one would be: a cache of validated tokens must not
// outlive exp (plus the server's own leeway).
func cacheCheck(t Target) grader.Check {
	return grader.Check{
		ID: "no-cache-past-exp", Name: "A token the server has already accepted is refused once it expires",
		Sends: "fresh tokens with User.Read, expired by 0 to 61 s, to measure your server's leeway; then a token just inside it, " +
			"which gets through; then, once it is past that leeway, the same token again",
		Expect: "the same token gets the refusal a fresh token with the same exp gets (401 invalid_token)",
		Hint: "Validate every request's token, exp included. If you cache validated tokens, an entry must not outlive the token's " +
			"exp (plus your leeway): check the expiry on every hit, or drop entries when they expire.",
		Deadline: 10 * time.Second,
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			p := expiryProbe{f: f, session: session}
			leeway, err := p.measureLeeway(ctx)
			if err != nil {
				return err
			}
			// A token just inside the leeway: it expired leeway-1 s ago.
			exp := time.Now().Unix() - leeway + 1
			tok := p.token(exp)
			sent := phraseInsideLeeway.Say(map[string]any{"Secs": max(0, leeway-1), "Leeway": leeway})
			if ok, ex, err := p.accepted(ctx, tok); err != nil || !ok {
				if err != nil {
					return err
				}
				return f.Lab.FailSay(sent, phraseToolRuns.Say(nil), ex.DescribePhrase())
			}
			// From when the leeway may end, send fresh tokens with the same
			// exp until one is refused; the token seen before must then get
			// the same answer.
			if err := sleep(ctx, time.Until(time.Unix(exp+leeway, 0))); err != nil {
				return nil // out of time, and nothing found
			}
			var twin *probe.Exchange
			for twin == nil {
				ok, ex, err := p.accepted(ctx, p.token(exp))
				switch {
				case err != nil && ctx.Err() != nil:
					return nil
				case err != nil:
					return err
				case !ok:
					twin = ex
				default:
					if err := sleep(ctx, twinEvery); err != nil {
						return nil
					}
				}
			}
			age := time.Since(time.Unix(exp, 0)).Round(time.Second)
			ok, ex, err := p.accepted(ctx, tok)
			if err != nil {
				return err
			}
			if !ok && ex.Status == twin.Status && ex.WWWAuthenticate == twin.WWWAuthenticate {
				return nil
			}
			got := ex.DescribePhrase()
			if ok {
				got = phraseAndRan.Say(map[string]any{"Answer": got})
			}
			return f.Lab.FailSay(phraseSameAgain.Say(map[string]any{"Age": age}),
				phraseFreshGot.Say(map[string]any{"Answer": twin.DescribePhrase()}), phraseCacheOutlives.Say(map[string]any{"Answer": got}))
		},
	}
}

// expiryProbe sends tokens of the run's user with User.Read and chosen
// expiry times on a session of f's server.
type expiryProbe struct {
	f       *tokenlab.Fixture
	session string
}

// token returns a fresh token (a jti of its own) expiring at exp.
func (p expiryProbe) token(exp int64) string {
	return p.f.With(func(c jwt.MapClaims) {
		c["exp"], c["iat"], c["jti"] = exp, exp-600, probe.Random(8)
	})
}

// accepted sends tok and reports whether it got through.
func (p expiryProbe) accepted(ctx context.Context, tok string) (bool, *probe.Exchange, error) {
	d := p.f.Draft(p.session)
	d.Token, d.Cred = nil, tok
	ex, eff, err := p.f.Lab.Do(ctx, d.Render())
	if err != nil {
		return false, nil, err
	}
	return eff.Reached, ex, nil
}

// measureLeeway returns the most seconds past exp at which the server
// still accepts a fresh token, -1 for none, by bisection; a server that
// accepts a token more than a minute past exp fails.
func (p expiryProbe) measureLeeway(ctx context.Context) (int64, error) {
	past := func(secs int64) (bool, error) {
		ok, _, err := p.accepted(ctx, p.token(time.Now().Unix()-secs))
		return ok, err
	}
	ok, err := past(maxLeewaySecs + 1)
	if err != nil {
		return 0, err
	}
	if ok {
		return 0, p.f.Lab.FailSay(phraseExpiredCall.Say(map[string]any{"Secs": maxLeewaySecs + 1}),
			tokenlab.InvalidToken.ExpectedPhrase(), phraseLeewayTooLong.Say(nil))
	}
	lo, hi := int64(-1), maxLeewaySecs+1 // accepted at lo (or none), refused at hi
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, err := past(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// sleep waits for d, or returns ctx's error when it ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
