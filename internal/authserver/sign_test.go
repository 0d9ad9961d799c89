package authserver

import (
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestSignMakesTokensWrongOnlyInTheirClaims checks hand-signed tokens look
// like issued ones (same alg, kid, typ; they verify against the JWKS) so
// each attack token is refused for the one claim it gets wrong.
func TestSignMakesTokensWrongOnlyInTheirClaims(t *testing.T) {
	for _, alg := range []Algorithm{RS256, ES256} {
		t.Run(string(alg), func(t *testing.T) {
			s := startServer(t, WithAlgorithm(alg))
			issued, _, err := jwt.NewParser().ParseUnverified(defaultFlow(s).run(t, s).AccessToken, jwt.MapClaims{})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			valid := map[string]any{"iss": s.Issuer(), "aud": testResource, "sub": "learner", "scope": "mcp:tools", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
			for _, tc := range []struct {
				name    string
				changes map[string]any
				wantErr error // nil: verifies
			}{
				{"valid", nil, nil},
				{"expired", map[string]any{"exp": now.Add(-time.Minute).Unix()}, jwt.ErrTokenExpired},
				{"wrong iss", map[string]any{"iss": "http://127.0.0.1:1"}, jwt.ErrTokenInvalidIssuer},
				{"another resource", map[string]any{"aud": "http://127.0.0.1:1/mcp"}, jwt.ErrTokenInvalidAudience},
			} {
				t.Run(tc.name, func(t *testing.T) {
					claims := maps.Clone(valid)
					maps.Copy(claims, tc.changes)
					raw, err := s.Sign(claims)
					if err != nil {
						t.Fatalf("Sign: %v", err)
					}
					tok, _, err := verify(raw, jwks(t, s), alg, s.Issuer(), testResource)
					if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
						t.Fatalf("verify = %v, want %v", err, tc.wantErr)
					}
					if tc.wantErr != nil {
						return
					}
					for _, h := range []string{"alg", "kid", "typ"} {
						if tok.Header[h] != issued.Header[h] {
							t.Errorf("header %s = %v, issued tokens have %v", h, tok.Header[h], issued.Header[h])
						}
					}
				})
			}
		})
	}
}

// TestSignUsesTheRotatedKey checks Sign follows RotateKey.
func TestSignUsesTheRotatedKey(t *testing.T) {
	s := startServer(t, WithAlgorithm(ES256))
	kid, err := s.RotateKey()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.Sign(map[string]any{"sub": "x"})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := jwt.NewParser().ParseUnverified(raw, jwt.MapClaims{})
	if err != nil {
		t.Fatalf("Sign returned %q, not a JWT: %v", raw, err)
	}
	if tok.Header["kid"] != kid {
		t.Errorf("signed token kid = %v, want %s", tok.Header["kid"], kid)
	}
}
