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
		"POST /login with the right password and with a wrong one; tools/calls with a valid token, a token signed with "+
			"another key and an expired one",
		func(ctx context.Context) (_ []probe.Secret, err error) {
			// The capture runs this on a goroutine of its own, where a
			// panic in NewServer would end the process: make it a failure.
			defer func() {
				if p := recover(); p != nil {
					root, dir := grader.LearnerDirs()
					c := grader.PanicCause(p, string(debug.Stack()), root, dir)
					err = &grader.Failure{Expected: "no panic", Got: c.Got, Detail: c.Detail, Where: c.Where, Hint: c.Hint}
				}
			}()
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return nil, err
			}
			defer f.Lab.Close()
			secrets := []probe.Secret{{Label: "the password", Value: f.Account.Password}, {Label: "the signing key", Value: string(f.Cfg.SigningKey)}}
			if hash, ok := hashSecret(f); ok {
				secrets = append(secrets, hash)
			}
			ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password)
			if err != nil {
				return nil, f.Lab.Fail("POST /login with the right password", "an answer", err.Error())
			}
			if issued := ans.accessToken(); issued != "" {
				secrets = append(secrets, probe.Secret{Label: "the token your login issued", Value: issued})
			}
			if _, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password+"x"); err != nil {
				return nil, f.Lab.Fail("POST /login with a wrong password", "an answer", err.Error())
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return nil, err
			}
			defer closeSession()
			expired := f.With(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })
			for _, tok := range []probe.Secret{
				{Label: "a valid token", Value: f.Valid()},
				{Label: "a token signed with another key", Value: f.Forged()},
				{Label: "an expired token", Value: expired},
			} {
				secrets = append(secrets, tok)
				req := tokenlab.ToolCallRequest(session, catalog.ToolListProducts, map[string]string{"Authorization": "Bearer " + tok.Value})
				if _, _, err := f.Lab.Do(ctx, req); err != nil {
					return nil, f.Lab.Fail("tools/call list_products with "+tok.Label, "an answer", err.Error())
				}
			}
			return secrets, nil
		})
}
