package tokenlab

import (
	"context"
	"net/http"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/jwtconfig"

	"github.com/golang-jwt/jwt/v5"
)

// EmptyIssuerCheck demands that a server configured with an empty issuer or
// audience fails closed: it refuses to start, or, if it starts, accepts no
// token for another issuer or audience. golang-jwt's WithIssuer("") and
// WithAudience("") check nothing, so passing the options only when the
// value is set accepts every issuer and every audience.
func EmptyIssuerCheck(newServer NewServerFunc) grader.Check {
	return grader.Check{
		ID: "empty-issuer-audience-fail-closed", Name: "An empty issuer or audience makes the server refuse to start, never accept any",
		Sends: "NewServer with cfg.Issuer empty, then with cfg.Audience empty; if it starts, a token signed with the right key whose " +
			"iss (or aud) names another service",
		Expect: "an error and no handler, or, from a server that starts anyway, 401 invalid_token for that token",
		Hint: "Refuse a configuration you cannot check in NewServer: an empty cfg.Issuer or cfg.Audience is an error, like a short key. " +
			"Never pass jwt.WithIssuer or jwt.WithAudience only when the value is set: without them golang-jwt accepts any.",
		Run: func(ctx context.Context) error {
			acct, err := TheAccount()
			if err != nil {
				return err
			}
			for _, field := range []string{"iss", "aud"} {
				cfg := NewConfig(acct)
				name := "cfg.Issuer"
				if field == "iss" {
					cfg.Issuer = ""
				} else {
					cfg.Audience, name = "", "cfg.Audience"
				}
				if err := foreignTokenRefused(ctx, newServer, cfg, field, name); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// foreignTokenRefused starts newServer with cfg, whose name is empty; when
// it starts, a token with field naming another service must be refused.
func foreignTokenRefused(ctx context.Context, newServer NewServerFunc, cfg jwtconfig.Config, field, name string) error {
	f := &Fixture{Cfg: cfg}
	f.Account, _ = TheAccount()
	var started bool
	lab, err := probe.Start(func(next http.Handler) (http.Handler, error) {
		h, err := newServer(cfg, next)
		started = err == nil && h != nil
		if !started {
			return http.NotFoundHandler(), nil
		}
		return h, nil
	})
	if err != nil {
		return err
	}
	defer lab.Close()
	if !started {
		return nil // it refused to start: closed
	}
	claims := f.Claims()
	claims[field] = "https://attacker.example/"
	token := Sign(jwt.SigningMethodHS256, claims, cfg.SigningKey)
	session, closeSession, err := lab.DirectSession(ctx)
	if err != nil {
		return err
	}
	defer closeSession()
	sent := phraseEmptyField.Say(map[string]any{"Name": name, "Field": field})
	return lab.ExpectRefused(ctx, session, sent, map[string]string{"Authorization": "Bearer " + token}, InvalidToken)
}
