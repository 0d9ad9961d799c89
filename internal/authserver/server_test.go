package authserver

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestDiscovery checks both metadata paths a client may try (RFC 8414
// first, as the MCP spec orders them, then OpenID discovery) describe
// this issuer, the code flow and PKCE with S256 only.
func TestDiscovery(t *testing.T) {
	s := startServer(t)
	for _, path := range []string{"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"} {
		t.Run(path, func(t *testing.T) {
			var d discovery
			getJSON(t, s.Issuer()+path, &d)
			checks := []struct {
				field string
				ok    bool
				got   any
			}{
				{"issuer", d.Issuer == s.Issuer(), d.Issuer},
				{"authorization_endpoint", strings.HasPrefix(d.AuthorizationEndpoint, s.Issuer()+"/"), d.AuthorizationEndpoint},
				{"token_endpoint", strings.HasPrefix(d.TokenEndpoint, s.Issuer()+"/"), d.TokenEndpoint},
				{"jwks_uri", strings.HasPrefix(d.JWKSURI, s.Issuer()+"/"), d.JWKSURI},
				{"registration_endpoint", d.RegistrationEndpoint == s.Issuer()+"/register", d.RegistrationEndpoint},
				{"code_challenge_methods_supported", slices.Equal(d.CodeChallengeMethodsSupported, []string{"S256"}), d.CodeChallengeMethodsSupported},
				{"response_types_supported", slices.Contains(d.ResponseTypesSupported, "code"), d.ResponseTypesSupported},
				{"grant_types_supported", slices.Contains(d.GrantTypesSupported, "authorization_code"), d.GrantTypesSupported},
				{"scopes_supported", slices.Equal(d.ScopesSupported, testScopes), d.ScopesSupported},
			}
			for _, c := range checks {
				if !c.ok {
					t.Errorf("%s = %v", c.field, c.got)
				}
			}
		})
	}
}

// TestNoRefreshTokensAdvertised checks a server started without scopes
// advertises neither offline_access nor the refresh grant: a client asking
// for refresh tokens (the go-sdk's RequestRefreshToken) must not be led to
// expect them.
func TestNoRefreshTokensAdvertised(t *testing.T) {
	s, err := Start(t.Context(), WithResource(testResource))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := metadata(t, s)
	if slices.Contains(d.ScopesSupported, "offline_access") || slices.Contains(d.GrantTypesSupported, "refresh_token") {
		t.Errorf("scopes_supported %v, grant_types_supported %v; want no offline_access and no refresh_token", d.ScopesSupported, d.GrantTypesSupported)
	}
}

// TestJWKSPublishesCurrentKey checks the key set holds the signing key's
// kid with the algorithm and key type the server was started with.
func TestJWKSPublishesCurrentKey(t *testing.T) {
	for _, tc := range []struct {
		alg Algorithm
		kty string
	}{{RS256, "RSA"}, {ES256, "EC"}} {
		t.Run(string(tc.alg), func(t *testing.T) {
			s := startServer(t, WithAlgorithm(tc.alg))
			keys := jwks(t, s).Key(s.KeyID())
			if len(keys) != 1 {
				t.Fatalf("JWKS has %d keys with kid %q, want 1", len(keys), s.KeyID())
			}
			k := keys[0]
			if k.Algorithm != string(tc.alg) || k.Use != "sig" || !k.IsPublic() {
				t.Errorf("key alg=%q use=%q public=%v, want alg=%q use=sig public", k.Algorithm, k.Use, k.IsPublic(), tc.alg)
			}
			if got := jwkKeyType(k.Key); got != tc.kty {
				t.Errorf("key type = %s, want %s", got, tc.kty)
			}
		})
	}
}

// TestAuthorizationCodeFlow runs the whole flow as a plain client would and
// checks the access token a resource server would receive.
func TestAuthorizationCodeFlow(t *testing.T) {
	const lifetime = 90 * time.Second
	for _, alg := range []Algorithm{RS256, ES256} {
		t.Run(string(alg), func(t *testing.T) {
			s := startServer(t, WithAlgorithm(alg), WithTokenLifetime(lifetime), WithSubject("learner-42"))
			tok := defaultFlow(s).run(t, s)
			if tok.TokenType != "Bearer" {
				t.Errorf("token_type = %q, want Bearer", tok.TokenType)
			}
			// An ID token would carry the same iss, aud and key as the
			// access token: a second token a resource server would accept.
			if idToken := tok.Extra("id_token"); idToken != nil {
				t.Errorf("token response has an id_token %v, want the access token only", idToken)
			}
			parsed, claims, err := verify(tok.AccessToken, jwks(t, s), alg, s.Issuer(), testResource)
			if err != nil {
				t.Fatalf("access token does not verify against the JWKS: %v", err)
			}
			if kid := parsed.Header["kid"]; kid != s.KeyID() {
				t.Errorf("header kid = %v, want %s", kid, s.KeyID())
			}
			if !slices.Equal(claims.Audience, []string{testResource}) {
				t.Errorf("aud = %v, want only %s", claims.Audience, testResource)
			}
			if claims.Subject != "learner-42" {
				t.Errorf("sub = %q, want learner-42", claims.Subject)
			}
			if got := strings.Fields(claims.Scope); !slices.Equal(got, testScopes) {
				t.Errorf("scope = %q, want %q", claims.Scope, strings.Join(testScopes, " "))
			}
			if d := claims.ExpiresAt.Sub(claims.IssuedAt.Time); d < lifetime-2*time.Second || d > lifetime+2*time.Second {
				t.Errorf("exp - iat = %v, want %v", d, lifetime)
			}
		})
	}
}

// TestTokenIsBoundToTheRequestedResource checks aud follows the resource
// parameter among the served resources, and defaults to the first.
func TestTokenIsBoundToTheRequestedResource(t *testing.T) {
	const other = "http://127.0.0.1:8932/mcp"
	s := startServer(t, WithResource(other))
	for _, tc := range []struct{ asked, want string }{
		{"", testResource},
		{testResource, testResource},
		{other, other},
	} {
		t.Run("resource="+tc.asked, func(t *testing.T) {
			f := defaultFlow(s)
			f.resource = tc.asked
			if _, _, err := verify(f.run(t, s).AccessToken, jwks(t, s), RS256, s.Issuer(), tc.want); err != nil {
				t.Errorf("token is not for %s: %v", tc.want, err)
			}
		})
	}
}

// TestRefusedAtAuthorize checks requests the server must not issue a code
// for: no PKCE, PKCE plain, a resource it does not serve, an unknown client.
func TestRefusedAtAuthorize(t *testing.T) {
	s := startServer(t)
	plain := func(v string) oauth2.AuthCodeOption {
		return oauth2.SetAuthURLParam("code_challenge", v)
	}
	for _, tc := range []struct {
		name   string
		change func(*flow)
		want   string // in the refusal
	}{
		{"no code_challenge", func(f *flow) { f.challenge = nil }, "PKCE is required"},
		{"plain code_challenge", func(f *flow) { f.challenge = plain }, "PKCE is required"},
		{"foreign resource", func(f *flow) { f.resource = "http://127.0.0.1:9/other" }, "invalid_target"},
		{"unknown client", func(f *flow) { f.clientID = "someone-else" }, "client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := defaultFlow(s)
			tc.change(&f)
			q, err := f.authorize(t, s, oauth2.GenerateVerifier())
			if err == nil {
				t.Fatalf("got code %q, want a refusal", q.Get("code"))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("refusal %q does not say %q", err, tc.want)
			}
		})
	}
}

// TestRefusedAtToken checks a code is traded only with the right PKCE
// verifier, for the resource it was issued for, and only once.
func TestRefusedAtToken(t *testing.T) {
	s := startServer(t, WithResource("http://127.0.0.1:8932/mcp"))
	for _, tc := range []struct {
		name      string
		exchanges func(f flow, code, verifier string) error
		wantCode  string
	}{
		{"wrong verifier", func(f flow, code, _ string) error {
			_, err := f.exchange(t, s, code, oauth2.GenerateVerifier())
			return err
		}, "invalid_grant"},
		{"other served resource", func(f flow, code, verifier string) error {
			f.resource = "http://127.0.0.1:8932/mcp"
			_, err := f.exchange(t, s, code, verifier)
			return err
		}, "invalid_target"},
		{"code used twice", func(f flow, code, verifier string) error {
			if _, err := f.exchange(t, s, code, verifier); err != nil {
				t.Fatalf("first exchange: %v", err)
			}
			_, err := f.exchange(t, s, code, verifier)
			return err
		}, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := defaultFlow(s)
			verifier := oauth2.GenerateVerifier()
			q, err := f.authorize(t, s, verifier)
			if err != nil {
				t.Fatal(err)
			}
			err = tc.exchanges(f, q.Get("code"), verifier)
			if got := oauthError(err); got != tc.wantCode {
				t.Errorf("exchange error = %v (code %q), want code %q", err, got, tc.wantCode)
			}
		})
	}
}

// TestStartRefusesBadOptions checks each misconfiguration is an error
// that names its fix.
func TestStartRefusesBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"no resource", nil, "WithResource"},
		{"relative resource", []Option{WithResource("/mcp")}, "absolute URI"},
		{"resource with fragment", []Option{WithResource(testResource + "#x")}, "absolute URI"},
		{"HS256", []Option{WithResource(testResource), WithAlgorithm("HS256")}, "RS256 or ES256"},
		{"zero lifetime", []Option{WithResource(testResource), WithTokenLifetime(0)}, "WithTokenLifetime"},
		{"address not on this machine", []Option{WithResource(testResource), WithListenAddr("256.0.0.1:0")}, "WithListenAddr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Start(t.Context(), tc.opts...)
			if err == nil {
				s.Close()
				t.Fatal("Start succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %q", err, tc.want)
			}
		})
	}
}

// TestRetireKeyErrors checks RetireKey refuses the current and unknown kids.
func TestRetireKeyErrors(t *testing.T) {
	s := startServer(t)
	for _, tc := range []struct {
		kid  string
		want error
	}{{s.KeyID(), ErrCurrentKey}, {"no-such-kid", ErrUnknownKey}} {
		if err := s.RetireKey(tc.kid); !errors.Is(err, tc.want) {
			t.Errorf("RetireKey(%q) = %v, want %v", tc.kid, err, tc.want)
		}
	}
}

// TestServerStops checks both ways a server ends, Close and the end of the
// context given to Start, leave nothing listening.
func TestServerStops(t *testing.T) {
	for _, tc := range []struct {
		name string
		stop func(s *Server, cancel context.CancelFunc)
	}{
		{"Close", func(s *Server, _ context.CancelFunc) { s.Close() }},
		{"context done", func(_ *Server, cancel context.CancelFunc) { cancel() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			s, err := Start(ctx, WithResource(testResource))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			url := s.Issuer() + "/.well-known/openid-configuration"
			if err := fetchJSON(url, &discovery{}); err != nil {
				t.Fatalf("before stopping: %v", err)
			}
			tc.stop(s, cancel)
			deadline := time.Now().Add(2 * time.Second)
			for fetchJSON(url, &discovery{}) == nil {
				if time.Now().After(deadline) {
					t.Fatal("the server still answers 2s after it was stopped")
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}
