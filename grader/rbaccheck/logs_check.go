package rbaccheck

import (
	"context"
	"runtime/debug"
	"time"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

// logsCheck sends the stage's usual requests, good tokens and bad, while
// capturing everything the process prints: no token and no key may show.
func logsCheck(t Target) grader.Check {
	return probe.QuietLogsCheck(phraseLogsSends.Say(nil), func(ctx context.Context) (_ []probe.Secret, err error) {
		// The capture runs this on a goroutine of its own, out of the
		// reach of the check's recover: a panic in NewServer is caught here.
		defer func() {
			if p := recover(); p != nil {
				root, dir := grader.LearnerDirs()
				c := grader.PanicCause(p, string(debug.Stack()), root, dir)
				err = c.PanicFailure(phraseNewServerCall.Say(nil))
			}
		}()
		f, err := tokenlab.Start(t.NewServer)
		if err != nil {
			return nil, err
		}
		defer f.Lab.Close()
		session, closeSession, err := f.Lab.DirectSession(ctx)
		if err != nil {
			return nil, err
		}
		defer closeSession()
		tokens := []string{
			f.Valid(),
			f.With(func(c jwt.MapClaims) { c["permissions"] = []string{"Guest.Read"} }),
			f.With(func(c jwt.MapClaims) { c["sub"] = "ghost-" + probe.Random(4) }),
			tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32))),
			f.With(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }),
			"not-a-token-" + probe.Random(16),
		}
		secrets := []probe.Secret{{Label: probe.PhraseSecretSigningKey.Say(nil), Value: string(f.Cfg.SigningKey)}}
		for _, tok := range tokens {
			secrets = append(secrets, probe.Secret{Label: probe.PhraseSecretTokenThatWasSent.Say(nil), Value: tok})
			d := f.Draft(session)
			d.Token, d.Cred = nil, tok
			// Only what is printed counts here: the answers are judged
			// by the other checks.
			if _, err := oracle.HTTP(f.Lab, func(probe.RawRequest) oracle.Expect { return oracle.AnyRefusal() })(ctx, d); err != nil {
				return nil, err
			}
		}
		return secrets, nil
	})
}
