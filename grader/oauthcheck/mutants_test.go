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
			MustFail: []string{"resource-metadata", "no-token-401", "sdk-client-discovery"},
		},
		{
			Name:     "401 without resource_metadata",
			Target:   flawed(flaws{challengeNoMetadata: true}),
			MustFail: []string{"no-token-401"},
		},
		{
			Name:     "expired tokens accepted",
			Target:   flawed(flaws{noExpiry: true}),
			MustFail: []string{"concurrent-tokens"},
		},
	}
}
