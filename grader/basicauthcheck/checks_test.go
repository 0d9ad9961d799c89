package basicauthcheck

// The grader's own tests for stage 1. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks set AUTHLAB_SECRET with
// os.Setenv, so no test here may run in parallel.

import (
	"net/http"
	"slices"
	"testing"

	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/basicauth"
)

// stage is stage 1 under test. The starter fails all but the checks it
// passes by letting everything through (the right secret "works") and
// opening no listener.
var stage = gradertest.Stage[Target]{
	Checks:       Checks,
	Solution:     solution,
	Starter:      Target{Protect: starter.Protect, NewTransport: starter.NewTransport, ListTools: starter.ListTools},
	Mutants:      mutants,
	StarterFails: gradertest.AllBut(Checks(Target{}), "right-secret-works", "scheme-any-case", "listens-on-loopback-only"),
}

// TestStage proves stage 1's checks: the solution passes them all, the
// starter fails exactly stage.StarterFails, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, not just that it was wrong.
func TestFailureSaysWhatCameBack(t *testing.T) {
	stage.AssertFailuresSay(t, []gradertest.Failure{
		{Mutant: "forgets return after 401", Check: "missing-header-401", Got: []string{"401 Unauthorized", "reached the MCP handler", "`return` is missing"}},
		{Mutant: "forgets return after 403", Check: "wrong-secret-403", Got: []string{"403 Forbidden", "reached the MCP handler", "create_product ran"}},
		{Mutant: "401 without WWW-Authenticate", Check: "missing-header-401", Got: []string{"401 Unauthorized", "no WWW-Authenticate header"}},
		{Mutant: "empty header is not 401", Check: "empty-header-401", Got: []string{"403 Forbidden"}},
		{Mutant: "wrong secret answered 401", Check: "wrong-secret-403", Got: []string{"401 Unauthorized"}},
		{Mutant: "scheme ignored", Check: "wrong-scheme-403", Got: []string{"200 OK", "reached the MCP handler"}},
		{Mutant: "header[7:]: scheme never read", Check: "wrong-scheme-403", Got: []string{"200 OK", "reached the MCP handler"}, Sent: "Authorization: Digest <the right secret>"},
		{Mutant: "strings.Fields: second word only", Check: "secret-suffix-403", Got: []string{"200 OK", "reached the MCP handler"}, Sent: "Authorization: Bearer <the secret> x"},
		{Mutant: "strings.Split(header, \" \")[1]", Check: "raw-secret-403", Got: []string{"your code panicked (runtime error: index out of range [1] with length 1)", "no HTTP answer"}},
		{Mutant: "case-sensitive scheme", Check: "scheme-any-case", Got: []string{"403 Forbidden"}},
		{Mutant: "hard-coded secret", Check: "right-secret-works", Got: []string{"403 Forbidden"}},
		{Mutant: "ListTools ignores the secret", Check: "client-header-every-request", Got: []string{"no Authorization header"}},
		{Mutant: "secret sent without Bearer", Check: "client-header-every-request", Got: []string{"Authorization: <secret>"}},
		{Mutant: "RoundTrip mutates the request", Check: "client-keeps-request", Got: []string{"caller's request now carries"}},
		{Mutant: "RoundTrip ignores base", Check: "client-keeps-request", Got: []string{"base was never called"}},
		{Mutant: "no check on an empty secret", Check: "empty-secret-refused", Got: []string{"no error"}},
		{Mutant: "error does not name AUTHLAB_SECRET", Check: "unset-secret-refused", Got: []string{"no secret configured", "does not say which variable"}},
		{Mutant: "handler returned with the error", Check: "unset-secret-refused", Got: []string{"non-nil handler"}},
	})
}

// TestPanicIsAFailedResult runs every check against code that panics, in the
// middleware on every request and in Protect itself: each check must come
// back failed, saying so, instead of crashing the grader.
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := withMiddleware(func(_ string, next http.Handler) http.Handler { return gradertest.PanickingHandler(next) })
	protectPanics := Target{
		Protect:      func(http.Handler) (http.Handler, error) { panic("Protect is not written yet") },
		NewTransport: solution.NewTransport,
		ListTools:    solution.ListTools,
	}
	// The checks that serve requests through the middleware.
	var serving []string
	for _, d := range denials {
		serving = append(serving, d.id)
	}
	serving = append(serving, "right-secret-works", "scheme-any-case")
	stage.AssertCrashesCaught(t, []gradertest.Crash[Target]{
		{Name: "middleware panics", Target: panicking, Checks: serving, Got: "your code panicked (assignment to entry in nil map)"},
		{Name: "Protect panics", Target: protectPanics, Checks: append(slices.Clone(serving), "unset-secret-refused", "empty-secret-refused"), Got: "panic: Protect is not written yet"},
	})
}

// TestHangIsAFailedResult runs checks against a middleware that never
// answers: RunCheck must give up at its deadline and say the code blocks.
func TestHangIsAFailedResult(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	blocking := withMiddleware(func(string, http.Handler) http.Handler { return gradertest.BlockingHandler(release) })
	stage.AssertHangCaught(t, "blocking middleware", blocking, "missing-header-401", "right-secret-works")
}
