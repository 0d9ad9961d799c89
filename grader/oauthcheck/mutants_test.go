package oauthcheck

// Known-bad implementations of stage 6 ("mutants"): the server of
// flawed_test.go with one classic mistake each. checks_test.go proves
// that the grader catches every one of them, and that every check catches
// at least one.

import (
	"authlab/grader/gradertest"
	"authlab/internal/oauthconfig"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// mutants returns a fresh set of mutants.
func mutants() []mutant {
	return []mutant{
		{
			Name:     "metadata names the server's root, not its MCP URL",
			Target:   flawed(flaws{metadataResource: func(cfg oauthconfig.Config) string { return cfg.Resource[:len(cfg.Resource)-len("/mcp")] }}),
			MustFail: []string{"resource-metadata", "no-token-401", "sdk-client-discovery", "sdk-client-steps-up"},
		},
		{
			Name:     "401 without resource_metadata",
			Target:   flawed(flaws{challengeNoMetadata: true}),
			MustFail: []string{"no-token-401", "unknown-kid-401", "hs256-public-key-401", "alg-none-401", "foreign-audience-401", "wrong-issuer-401", "expired-401"},
		},
		{
			Name:     "expired tokens accepted",
			Target:   flawed(flaws{noExpiry: true}),
			MustFail: []string{"expired-401", "concurrent-tokens"},
		},
		{
			Name:     "claims read unverified when the kid is unknown",
			Target:   flawed(flaws{unverifiedOnUnknown: true}),
			MustFail: []string{"unknown-kid-401", "jwks-refetch-limited"},
		},
		{
			Name:     "HS256 verified with the public key as secret",
			Target:   flawed(flaws{hmacWithPublicKey: true}),
			MustFail: []string{"hs256-public-key-401"},
		},
		{
			Name:     "alg none accepted",
			Target:   flawed(flaws{acceptNone: true}),
			MustFail: []string{"alg-none-401"},
		},
		{
			Name:     "aud not checked",
			Target:   flawed(flaws{noAudience: true}),
			MustFail: []string{"foreign-audience-401"},
		},
		{
			Name:     "iss not checked",
			Target:   flawed(flaws{noIssuer: true}),
			MustFail: []string{"wrong-issuer-401"},
		},
		{
			Name:     "the scope not required",
			Target:   flawed(flaws{noScope: true}),
			MustFail: []string{"missing-scope-403", "sdk-client-steps-up"},
		},
		{
			Name:     "403 without error=\"insufficient_scope\", as RequireBearerToken writes it",
			Target:   flawed(flaws{forbiddenNoError: true}),
			MustFail: []string{"missing-scope-403", "sdk-client-steps-up"},
		},
		{
			Name:     "the caller's token forwarded to the inventory",
			Target:   flawed(flaws{forwardToken: true}),
			MustFail: []string{"no-token-passthrough"},
		},
		{
			Name:     "ES256 pinned, so an RS256 authorization server's tokens are refused",
			Target:   flawed(flaws{onlyES256: true}),
			MustFail: []string{"sdk-client-discovery"},
		},
		{
			Name:     "the JWKS fetched again for every unknown kid",
			Target:   flawed(flaws{refetchEveryUnknown: true}),
			MustFail: []string{"jwks-refetch-limited"},
		},
		{
			Name:     "only POST /mcp guarded",
			Target:   flawed(flaws{postOnly: true}),
			MustFail: []string{"every-method-guarded"},
		},
		{
			Name:     "a token in the query accepted",
			Target:   flawed(flaws{queryToken: true}),
			MustFail: []string{"query-token-refused"},
		},
		{
			Name:     "the JWKS fetched once and never again",
			Target:   flawed(flaws{fetchOnce: true}),
			MustFail: []string{"key-rotation"},
		},
	}
}
