package jwtauthcheck

import (
	"context"
	"runtime/debug"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
)

// logsCheck demands that nothing the server prints, while it logs users in
// and judges their tokens, holds a credential.
func logsCheck(t Target) grader.Check {
	return probe.QuietLogsCheck(
		phraseLogsSends.Say(nil),
		func(ctx context.Context) (_ []probe.Secret, err error) {
			// The capture runs this on a goroutine of its own, where a
			// panic in NewServer would end the process: make it a failure.
			defer func() {
				if p := recover(); p != nil {
					root, dir := grader.LearnerDirs()
					c := grader.PanicCause(p, string(debug.Stack()), root, dir)
					err = c.PanicFailure(grader.Phrase{})
				}
			}()
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return nil, err
			}
			defer f.Lab.Close()
			secrets := []probe.Secret{{Label: probe.PhraseSecretPassword.Say(nil), Value: f.Account.Password}, {Label: probe.PhraseSecretSigningKey.Say(nil), Value: string(f.Cfg.SigningKey)}}
			if hash, ok := hashSecret(f); ok {
				secrets = append(secrets, hash)
			}
			ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password)
			if err != nil {
				return nil, f.Lab.FailSay(phraseLoginRightPassword.Say(nil), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
			}
			if issued := ans.accessToken(); issued != "" {
				secrets = append(secrets, probe.Secret{Label: probe.PhraseSecretTokenYourLoginIssued.Say(nil), Value: issued})
			}
			if _, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password+"x"); err != nil {
				return nil, f.Lab.FailSay(phraseLoginWrongPassword.Say(nil), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return nil, err
			}
			defer closeSession()
			expired := f.With(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })
			for _, tok := range []struct {
				probe.Secret
				said grader.Phrase
			}{
				{probe.Secret{Label: probe.PhraseSecretValidToken.Say(nil), Value: f.Valid()}, phraseAValidToken.Say(nil)},
				{probe.Secret{Label: probe.PhraseSecretTokenSignedWithAnotherKey.Say(nil), Value: f.Forged()}, phraseAForgedToken.Say(nil)},
				{probe.Secret{Label: probe.PhraseSecretExpiredToken.Say(nil), Value: expired}, phraseAnExpiredToken.Say(nil)},
			} {
				secrets = append(secrets, tok.Secret)
				req := tokenlab.ToolCallRequest(session, catalog.ToolListProducts, map[string]string{"Authorization": "Bearer " + tok.Value})
				if _, _, err := f.Lab.Do(ctx, req); err != nil {
					return nil, f.Lab.FailSay(phraseCallListWith.Say(map[string]any{"Token": tok.said}), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
				}
			}
			return secrets, nil
		})
}
