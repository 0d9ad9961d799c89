package basicauthcheck

// The grader's own tests for stage 1. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks set AUTHLAB_SECRET with
// os.Setenv, so no test here may run in parallel.

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/basicauth"
)

// stage is stage 1 under test: the starter fails all but starterPasses.
var stage = gradertest.Stage[Target]{
	Checks:   Checks,
	Deep:     Deep,
	Solution: solution,
	Starter: Target{
		Protect: starter.Protect, NewTransport: starter.NewTransport, ListTools: starter.ListTools,
		Source: os.DirFS("../../lessons/starters/basicauth"),
	},
	Mutants:      mutants,
	StarterFails: gradertest.AllBut(Checks(Target{}), starterPasses...),
}

// starterPasses are the checks the starter passes: it lets everything
// through (so the right secret works, in any case), opens no listener, and
// prints, changes and sends elsewhere nothing, since it does nothing.
var starterPasses = []string{"right-secret-works", "scheme-any-case", "client-keeps-process-state", "client-secret-only-to-server",
	"logs-hold-no-credentials", "listens-on-loopback-only"}

// TestMain runs the tests with the garbage collector gradertest.Main sets,
// TestFailureSaysWhatCameBack in a process of its own beside the others.
func TestMain(m *testing.M) { os.Exit(gradertest.Main(m.Run, "TestFailureSaysWhatCameBack")) }

// TestStage proves stage 1's checks: the solution passes them all, the
// starter fails exactly stage.StarterFails, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, not just that it was wrong.
func TestFailureSaysWhatCameBack(t *testing.T) {
	if gradertest.RanApart(t) {
		return
	}
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
		{Mutant: "session opened with the secret trusted", Check: "session-not-a-credential", Got: []string{"200 OK", "reached the MCP handler", "create_product ran"},
			Sent: "on the session opened with the secret, with no Authorization header"},
		{Mutant: "last good credential remembered", Check: "session-not-a-credential", Got: []string{"200 OK", "reached the MCP handler"}},
		{Mutant: "secret kept in a package-level variable", Check: "instances-keep-own-secret", Got: []string{"refused its own secret A", "let secret B through"}},
		{Mutant: "secret read from the environment on each request", Check: "instances-keep-own-secret", Got: []string{"refused its own secret A", "let secret C through"}},
		{Mutant: "credential == secret", Check: "constant-time-compare", Got: []string{"no call to either", "=="}},
		{Mutant: "bytes.Equal on the credential", Check: "constant-time-compare", Got: []string{"bytes.Equal (auth.go:"}},
		{Mutant: "refused header logged", Check: "logs-hold-no-credentials", Got: []string{"printed a near miss of the secret", `Authorization \"Bearer <a near miss of the secret>\"`}},
		{Mutant: "secret printed at startup", Check: "logs-hold-no-credentials", Got: []string{"printed the secret", `protecting /mcp with secret <the secret>"`}},
		{Mutant: "audit logger made at init logs the header", Check: "logs-hold-no-credentials", Got: []string{"audit: ", "authorization=Bearer <the secret>"}},
		{Mutant: "client logs its secret", Check: "logs-hold-no-credentials", Got: []string{"printed the secret given to ListTools"}},
		{Mutant: "redirects followed to any origin", Check: "client-secret-only-to-server", Got: []string{"carried the secret", "in its Authorization header"}},
		{Mutant: "transport installed on http.DefaultClient", Check: "client-keeps-process-state", Got: []string{"http.DefaultClient was changed", "now carries the secret"}},
		{Mutant: "base transport told to skip certificate checks", Check: "client-keeps-process-state", Got: []string{"InsecureSkipVerify"}},
		{Mutant: "secret handed over in the environment", Check: "client-keeps-process-state", Got: []string{`MCP_BEARER_TOKEN set to "<the credential>"`}},
		{Mutant: "request's credential kept in a field of the middleware", Check: "concurrent-callers", Got: []string{"answers were wrong", "caller"}},
		{Mutant: "ListTools connects with context.Background()", Check: "client-honours-deadline", Got: []string{"still waiting 1s after the call"}},
		{Mutant: "secret accepted in ?access_token=", Check: "differential", Got: []string{"200 OK", "reached the MCP handler"}, Sent: "?access_token="},
		{Mutant: "secret compared case-insensitively", Check: "differential", Got: []string{"200 OK"}, Sent: "case"},
		{Mutant: "any Authorization value accepted", Check: "differential", Got: []string{"200 OK"}, Sent: "Authorization header"},
		{Mutant: "PUT left unguarded", Check: "differential", Got: []string{"reached the MCP handler"}, Sent: "sent as PUT"},
	})
}

// TestHintFollowsTheCause checks that where one check can fail for several
// reasons, its hint is the one for the reason it found.
func TestHintFollowsTheCause(t *testing.T) {
	tests := []struct{ mutant, check, hint string }{
		{"secret kept in a package-level variable", "instances-keep-own-secret", "the last Protect's secret wins"},
		{"secret read from the environment on each request", "instances-keep-own-secret", "reads AUTHLAB_SECRET on every request"},
		{"transport installed on http.DefaultClient", "client-keeps-process-state", "Build a client of your own"},
		{"base transport told to skip certificate checks", "client-keeps-process-state", "Wrap it, never modify it"},
		{"secret handed over in the environment", "client-keeps-process-state", "never write it there"},
		{"secret accepted in a cookie", "differential", "not a cookie"},
		{"X-User trusted as a proxy's word", "differential", "written by the caller"},
	}
	for _, tt := range tests {
		t.Run(tt.mutant, func(t *testing.T) {
			m := gradertest.MutantNamed(t, stage.Mutants(), tt.mutant)
			if m.Cleanup != nil {
				defer m.Cleanup()
			}
			c := gradertest.Named(t, Checks(m.Target), tt.check)
			r := grader.RunCheck(context.Background(), c, c.Limit())
			if r.Pass || !strings.Contains(r.Hint, tt.hint) {
				t.Errorf("%s: pass %v, hint %q; want a failure whose hint mentions %q", tt.check, r.Pass, r.Hint, tt.hint)
			}
		})
	}
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
	for _, r := range refusals {
		serving = append(serving, r.ID)
	}
	serving = append(serving, "right-secret-works", "scheme-any-case", "session-not-a-credential", "instances-keep-own-secret", "logs-hold-no-credentials")
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
