package jwtauthcheck

import (
	"context"
	"net/http"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

var rejections = []probe.RefusalCheck[*tokenlab.Fixture]{
	{
		ID: "missing-token-401", Name: "No token is answered 401 with a Bearer challenge",
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseNoAuthHeader.Say(nil)}},
		Want:     probe.NoCredential,
		Hint:     "No Authorization header: set WWW-Authenticate: Bearer, answer 401 and return.",
	},
	{
		ID: "bad-signature-401", Name: "A token signed with another key is answered 401 invalid_token",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken2.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32)))
		})}},
		Hint: "Verify the signature with your key: jwt.ParseWithClaims with a key function returning cfg.SigningKey. An invalid token is 401 with WWW-Authenticate: Bearer error=\"invalid_token\" (RFC 6750), not 403.",
	},
	{
		ID: "alg-none-401", Name: "An unsigned token (alg: none) is answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken3.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return tokenlab.Sign(jwt.SigningMethodNone, f.Claims(), jwt.UnsafeAllowNoneSignatureType)
		})}},
		Hint: "Never decode without verifying. Pin the algorithm: jwt.WithValidMethods([]string{\"HS256\"}).",
	},
	{
		ID: "other-alg-401", Name: "HS384 and HS512 tokens signed with the right key are answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{
			{Sent: phraseToken4.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
				return tokenlab.Sign(jwt.SigningMethodHS384, f.Claims(), f.Cfg.SigningKey)
			})},
			{Sent: phraseToken5.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
				return tokenlab.Sign(jwt.SigningMethodHS512, f.Claims(), f.Cfg.SigningKey)
			})},
		},
		Hint: "Accept exactly the algorithm you issue (RFC 8725 §3.1): jwt.WithValidMethods([]string{\"HS256\"}). Checking only that the method is HMAC lets HS384 and HS512 in.",
	},
	{
		ID: "expired-401", Name: "An expired token is answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken6.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) {
				c["iat"] = time.Now().Add(-20 * time.Minute).Unix()
				c["exp"] = time.Now().Add(-10 * time.Minute).Unix()
			})
		})}},
		Hint: "golang-jwt checks exp when it is present: make sure you use the error that ParseWithClaims returns, and do not add a large leeway.",
	},
	{
		ID: "not-yet-valid-401", Name: "A token whose nbf is in the future is answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken7.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(10 * time.Minute).Unix() })
		})}},
		Hint: "A token is not valid before its nbf. Use ParseWithClaims' error; do not decode the payload by hand.",
	},
	{
		ID: "missing-exp-401", Name: "A token without exp is answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken8.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { delete(c, "exp") })
		})}},
		Hint: "golang-jwt accepts a token with no exp by default, and such a token never expires. Add jwt.WithExpirationRequired().",
	},
	{
		ID: "wrong-issuer-401", Name: "A token from another issuer is answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken9.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["iss"] = "https://elsewhere.example/" })
		})}},
		Hint: "golang-jwt ignores iss unless asked: add jwt.WithIssuer(cfg.Issuer).",
	},
	{
		ID: "wrong-audience-401", Name: "A token for another audience is answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken10.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["aud"] = "another-service" })
		})}},
		Hint: "A token meant for another service must not work here: add jwt.WithAudience(cfg.Audience).",
	},
	{
		ID: "malformed-401", Name: "Truncated and garbage tokens are answered 401",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{
			{Sent: phraseToken11.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string { v := f.Valid(); return v[:len(v)-5] })},
			{Sent: phraseToken12.Say(nil), Authorization: tokenlab.Bearer(func(*tokenlab.Fixture) string { return "not.a.jwt" })},
		},
		Hint: "Every parse error is an invalid token: 401 with WWW-Authenticate: Bearer error=\"invalid_token\", never a 500 or a pass-through.",
	},
}

func tokenChecks(t Target) []grader.Check {
	var checks []grader.Check
	for _, r := range rejections {
		checks = append(checks, r.Check(tokenlab.Fixtures(t.NewServer)))
	}
	return append(checks, grader.Check{
		ID: "valid-token-works", Name: "A valid token opens a session, lists the tools and calls one",
		Sends:  "a real MCP client with Authorization: Bearer <a valid HS256 token with the right iss, aud and exp>",
		Expect: "every request succeeds and list_products really runs",
		Hint:   "When ParseWithClaims succeeds, call next.ServeHTTP and write nothing yourself.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			raw := f.Valid()
			err = f.Lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {"Bearer " + raw}}, phraseValidToken.Say(nil))
			if err != nil && f.Lab.Reached() == 0 {
				return explainRefusedToken(t, f.Cfg, raw, err)
			}
			return err
		},
	})
}
