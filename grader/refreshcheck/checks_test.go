package refreshcheck

// The grader's own tests for stage 5. Every check runs in-process
// through grader.RunCheck, as the harness runs it.

import (
	"context"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"testing"

	"authlab/grader"

	"authlab/grader/gradertest"
	"authlab/internal/users"
	starter "authlab/lessons/starters/refresh"
	reference "authlab/solutions/refresh"
)

// stage is stage 5 under test. The starter fails all but the checks the
// code it gives passes: nothing it prints holds a credential, and its
// transport, which never refreshes, can neither loop, replay a body nor
// refresh needlessly.
var stage = gradertest.Stage[Target]{
	Checks:   Checks,
	Deep:     Deep,
	Solution: solution,
	Starter:  Target{NewServer: starter.NewServer, NewTransport: starterTransport},
	StarterFails: gradertest.AllBut(Checks(Target{}), "logs-hold-no-credentials",
		"client-never-loops", "client-no-replay-without-getbody", "client-refreshes-only-on-invalid-token"),
	Mutants: mutants,
}

// solution is the reference solution, bound as its entry file binds it.
var solution = Target{NewServer: reference.NewServer, NewTransport: func(base http.RoundTripper, tokenURL, access, refresh string) http.RoundTripper {
	return reference.NewTransport(base, tokenURL, access, refresh)
}}

func starterTransport(base http.RoundTripper, tokenURL, access, refresh string) http.RoundTripper {
	return starter.NewTransport(base, tokenURL, access, refresh)
}

// TestMain silences the log package outside the captures of
// logs-hold-no-credentials, since a mutant logs tokens, and hashes
// passwords at argon2id's lowest cost: no verdict here depends on how long
// a hash takes. TestFailureSaysWhatCameBack runs in a process of its own,
// beside TestStage.
func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	users.UseLowestCost()
	os.Exit(gradertest.Main(m.Run, "TestFailureSaysWhatCameBack"))
}

// TestStage proves stage 5's checks: the solution passes them all,
// the starter fails exactly stage.StarterFails, and every mutant is caught
// by exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, and that where one check can fail for two reasons,
// the hint follows the reason found.
func TestFailureSaysWhatCameBack(t *testing.T) {
	if gradertest.RanApart(t) {
		return
	}
	stage.AssertFailuresSay(t, []gradertest.Failure{
		{Mutant: "no rotation", Check: "refresh-rotates", Got: []string{"never rotated"}, Sent: "POST /token"},
		{Mutant: "64-bit refresh token", Check: "login-issues-refresh-token", Got: []string{"16 characters"}, Sent: "POST /login"},
		{Mutant: "refresh token stored in clear", Check: "refresh-token-stored-hashed", Got: []string{"in clear, as a key"}},
		{Mutant: "reuse revokes only the one token", Check: "reuse-revokes-family", Got: []string{"200 OK", "the request was granted"}, Sent: "its successor"},
		{Mutant: "revoke leaks whether a token existed", Check: "revoke-unknown-200", Got: []string{"400 Bad Request", "whether the token existed"}, Sent: "nobody issued"},
		{Mutant: "refresh decided on a read, marked later", Check: "refresh-race-one-winner", Got: []string{"of 8 granted"}, Sent: "at once"},
		{Mutant: "client retries forever", Check: "client-never-loops", Got: []string{"the client loops"}},
		{Mutant: "client retries a body it cannot replay", Check: "client-no-replay-without-getbody", Got: []string{"2 times"}},
	})
	for _, tt := range []struct {
		mutant, hint string
	}{
		{"expired refresh token accepted", "refuse a record with !now.Before(rec.Expires)"},
		{"rotation extends the lifetime", "the used one's Expires"},
	} {
		t.Run(tt.mutant, func(t *testing.T) {
			m := gradertest.MutantNamed(t, mutants(), tt.mutant)
			c := gradertest.Named(t, Checks(m.Target), "refresh-expires-with-login")
			r := grader.RunCheck(context.Background(), c, c.Limit())
			if r.Pass || !strings.Contains(r.Hint, tt.hint) {
				t.Errorf("pass = %v, hint %q; want a failure whose hint says %q", r.Pass, r.Hint, tt.hint)
			}
		})
	}
}
