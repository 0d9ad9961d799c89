package tokenlab

import (
	"context"
	"time"

	"authlab/grader"
	"authlab/grader/probe"

	"github.com/golang-jwt/jwt/v5"
)

// expiryLags are the ages past exp, in seconds, at which fresh tokens
// measure a server's leeway: doubling up to MaxLeeway, then halved between
// the last accepted and the first refused.
var expiryLags = []int64{1, 2, 4, 8, 16, 32, int64(MaxLeeway.Seconds())}

// ExpiryCacheCheck demands that a token the server has accepted is refused
// once it is past exp plus the server's own leeway, like a token it never
// saw: no cache of validated tokens may outlive exp. It measures the
// leeway with fresh tokens first, so it waits only seconds.
func ExpiryCacheCheck(newServer NewServerFunc) grader.Check {
	return grader.Check{
		ID: "no-cache-past-exp", Name: "A token the server accepted before is refused once it expires",
		Sends: "fresh tokens that expired 1, 2, 4… up to 60 s ago, to measure your leeway; then one token just inside it, " +
			"twice: at once, and again when it is past that leeway, with a fresh token of the same age",
		Expect: "the second time, the token is refused like the fresh one (401 invalid_token)",
		Hint: "Validate the token on every request: HS256 costs microseconds. If you cache validated tokens anyway, drop each entry " +
			"at the token's exp, and never let it answer for a token the parser would refuse.",
		Deadline: 10 * time.Second,
		Run: func(ctx context.Context) error {
			f, err := Start(newServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			e := expiryProbe{f: f, session: session}
			return e.run(ctx)
		},
	}
}

// expiryProbe measures a server's leeway and replays a token past it.
type expiryProbe struct {
	f       *Fixture
	session string
}

// expiredAt returns a fresh token (its own jti) whose exp is exp.
func (e expiryProbe) expiredAt(exp int64) string {
	return e.f.With(func(c jwt.MapClaims) {
		c["iat"], c["exp"], c["jti"] = exp-600, exp, probe.Random(9)
	})
}

// accepts sends tok and reports whether it got through to the MCP handler.
func (e expiryProbe) accepts(ctx context.Context, tok string, sent grader.Phrase) (bool, error) {
	req := ToolCallRequest(e.session, "list_products", map[string]string{"Authorization": "Bearer " + tok})
	ex, eff, err := e.f.Lab.Do(ctx, req)
	if err != nil {
		return false, e.f.Lab.FailSay(sent, probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
	}
	if ex.Status >= 500 {
		return false, e.f.Lab.FailSay(sent, phraseNoServerError.Say(nil), ex.DescribePhrase())
	}
	return eff.Reached, nil
}

// leeway returns the largest age past exp, in whole seconds, at which a
// fresh token still got through (0 when even 1 s was refused), and the
// smallest at which one was refused; refused is 0 when none was.
func (e expiryProbe) leeway(ctx context.Context) (accepted, refused int64, err error) {
	try := func(lag int64) (bool, error) {
		return e.accepts(ctx, e.expiredAt(time.Now().Unix()-lag), phraseExpiredAgo.Say(map[string]any{"Secs": lag}))
	}
	for _, lag := range expiryLags {
		ok, err := try(lag)
		if err != nil {
			return 0, 0, err
		}
		if !ok {
			refused = lag
			break
		}
		accepted = lag
	}
	if refused == 0 {
		return accepted, 0, nil
	}
	for refused-accepted > 1 {
		mid := (accepted + refused) / 2
		ok, err := try(mid)
		if err != nil {
			return 0, 0, err
		}
		if ok {
			accepted = mid
		} else {
			refused = mid
		}
	}
	return accepted, refused, nil
}

func (e expiryProbe) run(ctx context.Context) error {
	accepted, refused, err := e.leeway(ctx)
	if err != nil {
		return err
	}
	if refused == 0 {
		return e.f.Lab.FailSay(phraseExpiredAgo.Say(map[string]any{"Secs": accepted}), phraseLeewaySeconds.Say(nil), phraseGotThrough.Say(nil))
	}
	// One second younger than the oldest fresh token that got through: the
	// server accepts it now, and remembers it if it caches.
	exp := time.Now().Unix() - accepted + 1
	tok := e.expiredAt(exp)
	ok, err := e.accepts(ctx, tok, phraseInsideLeeway.Say(nil))
	if err != nil || !ok {
		return err // nothing accepted, nothing to remember
	}
	// Past exp by more than the youngest age at which a fresh token was
	// refused, whatever the fraction of a second.
	replayAt := time.Unix(exp+refused+1, 0)
	select {
	case <-ctx.Done():
		return nil
	case <-time.After(time.Until(replayAt)):
	}
	fresh, err := e.accepts(ctx, e.expiredAt(exp), phraseFreshAsOld.Say(nil))
	if err != nil || fresh {
		return err // the leeway moved: nothing to compare with
	}
	again, err := e.accepts(ctx, tok, phraseSameAgain.Say(nil))
	if err != nil || !again {
		return err
	}
	age := time.Since(time.Unix(exp, 0)).Round(100 * time.Millisecond)
	return e.f.Lab.FailSay(
		phraseReplaySent.Say(map[string]any{"Past": pastExp(accepted - 1), "Age": age}),
		phraseBothRefused.Say(map[string]any{"Secs": refused}),
		phraseRemembers.Say(nil))
}

// pastExp says how far past its exp a token is.
func pastExp(secs int64) grader.Phrase {
	if secs < 0 {
		return phraseBeforeExp.Say(map[string]any{"Secs": -secs})
	}
	return phrasePastExp.Say(map[string]any{"Secs": secs})
}
