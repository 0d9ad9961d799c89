package oauthcheck

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
)

// attack is a forged or misdirected token a resource server must refuse
// with 401 invalid_token.
type attack struct {
	id, name, token, hint string
	make                  func(l *lab) (string, error)
}

// attacks are the tokens of RFC 8725's threats and RFC 8707's audience
// binding; but for the one thing each gets wrong, each is a valid token.
var attacks = []attack{
	{
		id: "unknown-kid-401", name: "A token signed with a key the authorization server never published is refused",
		token: "a token signed with a foreign key, under a kid the JWKS does not list",
		hint:  "Verify the signature with a key of the authorization server's JWKS, found by the token's kid; a kid the set lacks, even after fetching it again, means refuse. Never read the claims without verifying.",
		make:  (*lab).foreignKeyToken,
	},
	{
		id: "hs256-public-key-401", name: "A token signed with HS256 and the public key as secret is refused",
		token: "an HS256 token whose HMAC secret is the authorization server's public key (PEM), under its kid",
		hint:  "Pin the algorithm to what the key is for (jwt.WithValidMethods with RS256 and ES256, and the JWK's own alg): a public key is public, so HMAC with it proves nothing.",
		make:  (*lab).publicKeyHMACToken,
	},
	{
		id: "alg-none-401", name: "An unsigned token (alg none) is refused",
		token: "a token with alg none and no signature",
		hint:  "Pin the algorithms with jwt.WithValidMethods(RS256, ES256); never hand jwt.UnsafeAllowNoneSignatureType to the parser.",
		make:  (*lab).noneToken,
	},
	{
		id: "foreign-audience-401", name: "A token issued for another resource is refused",
		token: "a token the authorization server signed for another resource (aud: another server's URL)",
		hint:  "Require aud to name this server's canonical URI (jwt.WithAudience(cfg.Resource), RFC 8707): a token for another server must not open this one.",
		make: func(l *lab) (string, error) {
			return l.sign(map[string]any{"aud": l.inventory.server.URL + "/mcp"})
		},
	},
	{
		id: "wrong-issuer-401", name: "A token naming another issuer is refused",
		token: "a token signed with the authorization server's key, iss another server",
		hint:  "Require iss to be the issuer exactly (jwt.WithIssuer(cfg.Issuer)).",
		make: func(l *lab) (string, error) {
			return l.sign(map[string]any{"iss": l.inventory.server.URL})
		},
	},
	{
		id: "expired-401", name: "An expired token is refused",
		token: "a token that expired ten minutes ago",
		hint:  "Let the parser check exp, and require it (jwt.WithExpirationRequired()); keep any leeway to seconds.",
		make: func(l *lab) (string, error) {
			return l.sign(map[string]any{"exp": time.Now().Add(-10 * time.Minute).Unix(), "iat": time.Now().Add(-20 * time.Minute).Unix()})
		},
	},
}

// attackChecks returns one check per attack.
func attackChecks(t Target) []grader.Check {
	checks := make([]grader.Check, len(attacks))
	for i, a := range attacks {
		checks[i] = attackCheck(t, a)
	}
	return checks
}

func attackCheck(t Target, a attack) grader.Check {
	sent, want := phraseSentAttack.Say(map[string]any{"Token": a.token}), phraseWantInvalidToken.Say(nil)
	return grader.Check{
		ID:     a.id,
		Name:   a.name,
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   a.hint,
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			token, err := a.make(l)
			if err != nil {
				return err
			}
			ex, err := l.send(ctx, token)
			if err != nil {
				return err
			}
			switch {
			case ex.Status != http.StatusUnauthorized:
				return grader.Fail(sent, want, ex.DescribePhrase())
			case l.reached.Load() > 0:
				return grader.Fail(sent, want, ex.DescribePhrase(), phraseReached.Say(nil))
			}
			c, err := probe.ParseChallenge(ex.WWWAuthenticate)
			if err != nil || c.Params["error"] != "invalid_token" {
				return grader.Fail(sent, want, ex.DescribePhrase()).SayHint(phraseHintInvalidToken.Say(nil))
			}
			if c.Params["resource_metadata"] == "" {
				return grader.Fail(sent, want, ex.DescribePhrase()).SayHint(phraseHintEvery401Metadata.Say(nil))
			}
			return nil
		}),
	}
}

// scopeCheck sends a valid token without the required scope and demands
// the 403 a client can step up from (MCP 2025-11-25).
func scopeCheck(t Target) grader.Check {
	sent, want := phraseSentNoScope.Say(nil), phraseWantStepUp403.Say(nil)
	return grader.Check{
		ID:     "missing-scope-403",
		Name:   "A valid token without the required scope gets a 403 that names the scope",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   `Check the token's scope after its signature and claims; without cfg.Scope answer 403 with WWW-Authenticate: Bearer error="insufficient_scope", scope="…", resource_metadata="…": the go-sdk client steps up only when error= says insufficient_scope.`,
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			token, err := l.sign(map[string]any{"scope": otherScope})
			if err != nil {
				return err
			}
			ex, err := l.send(ctx, token)
			if err != nil {
				return err
			}
			if ex.Status != http.StatusForbidden || l.reached.Load() > 0 {
				return grader.Fail(sent, want, ex.DescribePhrase())
			}
			c, err := probe.ParseChallenge(ex.WWWAuthenticate)
			if err != nil || c.Params["error"] != "insufficient_scope" || !slices.Contains(strings.Fields(c.Params["scope"]), l.cfg.Scope) {
				return grader.Fail(sent, want, ex.DescribePhrase())
			}
			return nil
		}),
	}
}

// rotationCheck has the authorization server rotate its key between two
// valid tokens: the second, under a kid the server has not seen, must be
// accepted once the server fetched the JWKS again.
func rotationCheck(t Target) grader.Check {
	sent, want := phraseSentRotation.Say(nil), phraseWantRotation.Say(nil)
	return grader.Check{
		ID:     "key-rotation",
		Name:   "A token signed after the authorization server rotated its key is accepted",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "Cache the JWKS, and when a token names a kid the cache lacks, fetch the set again before refusing: at most once in a while, so forged kids cannot flood the authorization server, counting from the last fetch an unknown kid caused, not from the first.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			for round := range 2 {
				if round == 1 {
					if _, err := l.as.RotateKey(); err != nil {
						return err
					}
				}
				token, err := l.sign(nil)
				if err != nil {
					return err
				}
				ex, err := l.send(ctx, token)
				if err != nil {
					return err
				}
				if ex.Status != http.StatusOK {
					which := phraseBeforeRotation.Say(nil)
					if round == 1 {
						which = phraseAfterRotation.Say(nil)
					}
					return grader.Fail(sent, want, ex.DescribePhrase(), which)
				}
			}
			return nil
		}),
	}
}

// unknownKidFlood is how many tokens under unknown kids refetchCheck sends.
const unknownKidFlood = 10

// refetchCheck sends a valid token, then tokens signed with foreign keys
// under new kids: the server may fetch the JWKS again once or twice for
// them, not once per token, or anyone can make it flood the authorization
// server.
func refetchCheck(t Target) grader.Check {
	sent, want := phraseSentFlood.Say(map[string]any{"N": unknownKidFlood}), phraseWantFewFetches.Say(nil)
	return grader.Check{
		ID:     "jwks-refetch-limited",
		Name:   "Tokens with unknown kids do not make the server fetch the JWKS for each one",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "When a kid is unknown, fetch the JWKS again only if the last such fetch is older than some interval (seconds to minutes), and refuse the token otherwise.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			token, err := l.sign(nil)
			if err != nil {
				return err
			}
			if ex, err := l.send(ctx, token); err != nil {
				return err
			} else if ex.Status != http.StatusOK {
				return grader.Fail(phraseSentValid.Say(nil), phraseWant200.Say(nil), ex.DescribePhrase())
			}
			before := l.as.KeySetFetches()
			for range unknownKidFlood {
				forged, err := l.foreignKeyToken()
				if err != nil {
					return err
				}
				ex, err := l.send(ctx, forged)
				if err != nil {
					return err
				}
				if ex.Status != http.StatusUnauthorized {
					return grader.Fail(sent, want, ex.DescribePhrase(), phraseForgedAccepted.Say(nil))
				}
			}
			if n := l.as.KeySetFetches() - before; n > 2 {
				return grader.Fail(sent, want, phraseFetches.Say(map[string]any{"Fetches": n, "N": unknownKidFlood}))
			}
			return nil
		}),
	}
}
