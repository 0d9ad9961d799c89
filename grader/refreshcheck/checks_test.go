package refreshcheck

// The grader's own tests for stage 5. Every check runs in-process
// through grader.RunCheck, as the harness runs it.

import (
	"io"
	"log"
	"net/http"
	"os"
	"testing"

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
// a hash takes.
func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	users.UseLowestCost()
	os.Exit(gradertest.Main(m.Run))
}

// TestStage proves stage 5's checks: the solution passes them all,
// the starter fails exactly stage.StarterFails, and every mutant is caught
// by exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }
