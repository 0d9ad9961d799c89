package oauthcheck

// The grader's own tests for stage 6. Every check runs in-process
// through grader.RunCheck, as the harness runs it.

import (
	"strings"
	"testing"

	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/oauth"
	reference "authlab/solutions/oauth"
)

// stage is stage 6 under test.
var stage = gradertest.Stage[Target]{
	Checks:       Checks,
	Deep:         Deep,
	Solution:     Target{NewServer: reference.NewServer},
	Starter:      Target{NewServer: starter.NewServer},
	StarterFails: gradertest.AllBut(Checks(Target{}), "key-rotation"), // it lets every token through
	Mutants:      mutants,
}

// TestStage proves stage 6's checks: the solution passes them all,
// the starter fails exactly stage.StarterFails, and every mutant is caught
// by exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, and that where one check can fail for several
// reasons, the hint follows the reason found.
func TestFailureSaysWhatCameBack(t *testing.T) {
	stage.AssertFailuresSay(t, []gradertest.Failure{
		{Mutant: "401 without resource_metadata", Check: "no-token-401", Got: []string{"401 Unauthorized", "no resource_metadata"}, Sent: "no Authorization header"},
		{Mutant: "metadata names the server's root, not its MCP URL", Check: "resource-metadata", Got: []string{"resource \"http://127.0.0.1:"}, Sent: "/.well-known/oauth-protected-resource/mcp"},
		{Mutant: "alg none accepted", Check: "alg-none-401", Got: []string{"200 OK"}, Sent: "alg none"},
		{Mutant: "403 without error=\"insufficient_scope\", as RequireBearerToken writes it", Check: "missing-scope-403", Got: []string{"403 Forbidden"}},
		{Mutant: "the caller's token forwarded to the inventory", Check: "no-token-passthrough", Got: []string{"carried the caller's token"}, Sent: "check_stock"},
		{Mutant: "the JWKS fetched again for every unknown kid", Check: "jwks-refetch-limited", Got: []string{"10 forged tokens"}},
		{Mutant: "the scope not required", Check: "sdk-client-steps-up", Got: []string{"only was let in"}},
	})
	for _, tc := range []struct {
		mutant, check, hint string
	}{
		{"metadata names the server's root, not its MCP URL", "resource-metadata", "byte for byte"},
		{"401 without resource_metadata", "expired-401", "Every 401 carries resource_metadata"},
	} {
		m := gradertest.MutantNamed(t, mutants(), tc.mutant)
		r := gradertest.RunAll(t, Checks(m.Target))[tc.check]
		if r.Pass || !strings.Contains(r.Hint, tc.hint) {
			t.Errorf("%s: check %s passed=%v with hint %q, want it failing with a hint on %q", tc.mutant, tc.check, r.Pass, r.Hint, tc.hint)
		}
	}
}
