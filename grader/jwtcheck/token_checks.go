package jwtcheck

import (
	"context"
	"net/http"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

// badToken is one token the middleware must refuse.
type badToken struct {
	sent  string                           // how the token is described to the learner
	token func(f *tokenlab.Fixture) string // the token; "" sends no Authorization header
}

// rejection is a check that sends bad tokens and demands 401.
type rejection struct {
	id, name, hint string
	tokens         []badToken
	// noCredential marks the missing-token case, whose challenge carries
	// no error code (RFC 6750 §3.1).
	noCredential bool
}

var rejections = []rejection{
	{
		id: "missing-token-401", name: "No token is answered 401 with a Bearer challenge",
		tokens:       []badToken{{"no Authorization header", func(*tokenlab.Fixture) string { return "" }}},
		noCredential: true,
		hint:         "No Authorization header: set WWW-Authenticate: Bearer, answer 401 and return.",
	},
	{
		id: "bad-signature-401", name: "A token signed with another key is answered 401 invalid_token",
		tokens: []badToken{{"a token with valid claims signed with another key", func(f *tokenlab.Fixture) string {
			return tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32)))
		}}},
		hint: "Verify the signature with your key: jwt.ParseWithClaims with a key function returning cfg.SigningKey. An invalid token is 401 with WWW-Authenticate: Bearer error=\"invalid_token\" (RFC 6750), not 403.",
	},
	{
		id: "alg-none-401", name: "An unsigned token (alg: none) is answered 401",
		tokens: []badToken{{`a token with "alg": "none" and no signature`, func(f *tokenlab.Fixture) string {
			return tokenlab.Sign(jwt.SigningMethodNone, f.Claims(), jwt.UnsafeAllowNoneSignatureType)
		}}},
		hint: "Never decode without verifying. Pin the algorithm: jwt.WithValidMethods([]string{\"HS256\"}).",
	},
	{
		id: "other-alg-401", name: "HS384 and HS512 tokens signed with the right key are answered 401",
		tokens: []badToken{
			{"a token signed with HS384 and the right key", func(f *tokenlab.Fixture) string {
				return tokenlab.Sign(jwt.SigningMethodHS384, f.Claims(), f.Cfg.SigningKey)
			}},
			{"a token signed with HS512 and the right key", func(f *tokenlab.Fixture) string {
				return tokenlab.Sign(jwt.SigningMethodHS512, f.Claims(), f.Cfg.SigningKey)
			}},
		},
		hint: "Accept exactly the algorithm you issue (RFC 8725 §3.1): jwt.WithValidMethods([]string{\"HS256\"}). Checking only that the method is HMAC lets HS384 and HS512 in.",
	},
	{
		id: "expired-401", name: "An expired token is answered 401",
		tokens: []badToken{{"a token that expired 10 minutes ago", func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) {
				c["iat"] = time.Now().Add(-20 * time.Minute).Unix()
				c["exp"] = time.Now().Add(-10 * time.Minute).Unix()
			})
		}}},
		hint: "golang-jwt checks exp when it is present: make sure you use the error that ParseWithClaims returns, and do not add a large leeway.",
	},
	{
		id: "not-yet-valid-401", name: "A token whose nbf is in the future is answered 401",
		tokens: []badToken{{"a token with nbf 10 minutes from now", func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(10 * time.Minute).Unix() })
		}}},
		hint: "A token is not valid before its nbf. Use ParseWithClaims' error; do not decode the payload by hand.",
	},
	{
		id: "missing-exp-401", name: "A token without exp is answered 401",
		tokens: []badToken{{"a correctly signed token with no exp claim", func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { delete(c, "exp") })
		}}},
		hint: "golang-jwt accepts a token with no exp by default, and such a token never expires. Add jwt.WithExpirationRequired().",
	},
	{
		id: "wrong-issuer-401", name: "A token from another issuer is answered 401",
		tokens: []badToken{{"a correctly signed token whose iss is another issuer", func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["iss"] = "https://elsewhere.example/" })
		}}},
		hint: "golang-jwt ignores iss unless asked: add jwt.WithIssuer(cfg.Issuer).",
	},
	{
		id: "wrong-audience-401", name: "A token for another audience is answered 401",
		tokens: []badToken{{"a correctly signed token whose aud is another service", func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["aud"] = "another-service" })
		}}},
		hint: "A token meant for another service must not work here: add jwt.WithAudience(cfg.Audience).",
	},
	{
		id: "malformed-401", name: "Truncated and garbage tokens are answered 401",
		tokens: []badToken{
			{"a valid token with its last 5 characters cut off", func(f *tokenlab.Fixture) string { v := f.Valid(); return v[:len(v)-5] }},
			{`the token "not.a.jwt"`, func(*tokenlab.Fixture) string { return "not.a.jwt" }},
		},
		hint: "Every parse error is an invalid token: 401 with WWW-Authenticate: Bearer error=\"invalid_token\", never a 500 or a pass-through.",
	},
}

func tokenChecks(t Target) []grader.Check {
	var checks []grader.Check
	for _, r := range rejections {
		want := tokenlab.InvalidToken
		if r.noCredential {
			want = tokenlab.NoToken
		}
		var sends []string
		for _, b := range r.tokens {
			sends = append(sends, b.sent)
		}
		checks = append(checks, grader.Check{
			ID: r.id, Name: r.name, Hint: r.hint,
			Sends:  strings.Join(sends, "; then "),
			Expect: want.Expected(),
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
				for _, b := range r.tokens {
					headers := map[string]string{}
					if tok := b.token(f); tok != "" {
						headers["Authorization"] = "Bearer " + tok
					}
					if err := f.Lab.ExpectRefused(ctx, session, "tools/call create_product with "+b.sent, headers, want); err != nil {
						return err
					}
				}
				return nil
			},
		})
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
			return f.Lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {"Bearer " + f.Valid()}}, "Authorization: Bearer <a valid token>")
		},
	})
}
