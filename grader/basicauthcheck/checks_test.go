package basicauthcheck

// The grader's own tests for stage 1. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks set AUTHLAB_SECRET with
// os.Setenv, so no test here may run in parallel.

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/basicauth"
)

// runAll runs every check against target, in order, and returns the results
// by check id.
func runAll(t *testing.T, target Target) map[string]grader.CheckResult {
	t.Helper()
	return gradertest.RunAll(t, Checks(target))
}

// checkIDs returns the ids of Checks, in order.
func checkIDs() []string { return gradertest.IDs(Checks(Target{})) }

// TestStage proves stage 1's checks: the solution passes them all, the
// starter fails all but the ones it passes by letting everything through
// (the right secret "works") and opening no listener, and every mutant is
// caught by exactly the checks meant to catch it.
func TestStage(t *testing.T) {
	starterTarget := Target{Protect: starter.Protect, NewTransport: starter.NewTransport, ListTools: starter.ListTools}
	gradertest.Prove(t, gradertest.Stage[Target]{
		Checks: Checks, Solution: solution, Starter: starterTarget, Mutants: mutants,
		StarterFails: gradertest.AllBut(Checks(Target{}), "right-secret-works", "scheme-any-case", "listens-on-loopback-only"),
	})
}

func checkNamed(t *testing.T, target Target, id string) grader.Check {
	t.Helper()
	return gradertest.Named(t, Checks(target), id)
}

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, not just that it was wrong.
func TestFailureSaysWhatCameBack(t *testing.T) {
	tests := []struct {
		mutant, check string
		got           []string // substrings of the result's Got
		sent          string   // substring of the result's Sent, if set
	}{
		{"forgets return after 401", "missing-header-401", []string{"401 Unauthorized", "reached the MCP handler", "`return` is missing"}, ""},
		{"forgets return after 403", "wrong-secret-403", []string{"403 Forbidden", "reached the MCP handler", "create_product ran"}, ""},
		{"401 without WWW-Authenticate", "missing-header-401", []string{"401 Unauthorized", "no WWW-Authenticate header"}, ""},
		{"empty header is not 401", "empty-header-401", []string{"403 Forbidden"}, ""},
		{"wrong secret answered 401", "wrong-secret-403", []string{"401 Unauthorized"}, ""},
		{"scheme ignored", "wrong-scheme-403", []string{"200 OK", "reached the MCP handler"}, ""},
		{"header[7:]: scheme never read", "wrong-scheme-403", []string{"200 OK", "reached the MCP handler"}, "Authorization: Digest <the right secret>"},
		{"strings.Fields: second word only", "secret-suffix-403", []string{"200 OK", "reached the MCP handler"}, "Authorization: Bearer <the secret> x"},
		{"strings.Split(header, \" \")[1]", "raw-secret-403", []string{"your code panicked (runtime error: index out of range [1] with length 1)", "no HTTP answer"}, ""},
		{"case-sensitive scheme", "scheme-any-case", []string{"403 Forbidden"}, ""},
		{"hard-coded secret", "right-secret-works", []string{"403 Forbidden"}, ""},
		{"ListTools ignores the secret", "client-header-every-request", []string{"no Authorization header"}, ""},
		{"secret sent without Bearer", "client-header-every-request", []string{"Authorization: <secret>"}, ""},
		{"RoundTrip mutates the request", "client-keeps-request", []string{"caller's request now carries"}, ""},
		{"RoundTrip ignores base", "client-keeps-request", []string{"base was never called"}, ""},
		{"no check on an empty secret", "empty-secret-refused", []string{"no error"}, ""},
		{"error does not name AUTHLAB_SECRET", "unset-secret-refused", []string{"no secret configured", "does not say which variable"}, ""},
		{"handler returned with the error", "unset-secret-refused", []string{"non-nil handler"}, ""},
	}
	for _, tt := range tests {
		m := gradertest.MutantNamed(t, mutants(), tt.mutant)
		r := grader.RunCheck(context.Background(), checkNamed(t, m.Target, tt.check), grader.CheckDeadline)
		if r.Pass {
			t.Errorf("%s: check %s passed, want it to catch the mutant", tt.mutant, tt.check)
			continue
		}
		for _, want := range tt.got {
			if !strings.Contains(r.Got, want) {
				t.Errorf("%s: check %s got %q, want it to mention %q", tt.mutant, tt.check, r.Got, want)
			}
		}
		if !strings.Contains(r.Sent, tt.sent) {
			t.Errorf("%s: check %s sent %q, want it to name the request that got through, %q", tt.mutant, tt.check, r.Sent, tt.sent)
		}
	}
}

// TestPanicIsAFailedResult runs every check against code that panics, in the
// middleware on every request and in Protect itself: each check must come
// back failed, saying so, instead of crashing the grader.
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := withMiddleware(func(secret string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var seen map[string]bool
			seen[r.Header.Get("Authorization")] = true // panics: assignment to entry in nil map
			next.ServeHTTP(w, r)
		})
	})
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
	tests := []struct {
		name   string
		target Target
		checks []string // the checks that reach the panicking code
		got    string   // in the Got of each of them
	}{
		{"middleware panics", panicking, serving, "your code panicked (assignment to entry in nil map)"},
		{"Protect panics", protectPanics, append(slices.Clone(serving), "unset-secret-refused", "empty-secret-refused"), "panic: Protect is not written yet"},
	}
	for _, tt := range tests {
		results := runAll(t, tt.target)
		for _, id := range tt.checks {
			r := results[id]
			switch {
			case r.Pass:
				t.Errorf("%s: check %s passed, want it to catch the panic", tt.name, id)
			case !strings.Contains(r.Got, tt.got):
				t.Errorf("%s: check %s got %q, want it to mention %q", tt.name, id, r.Got, tt.got)
			}
		}
	}
}

// TestHangIsAFailedResult runs checks against a middleware that never
// answers: RunCheck must give up at its deadline and say the code blocks.
func TestHangIsAFailedResult(t *testing.T) {
	// The handler blocks like select{}, until the test ends: released then,
	// it lets the lab's server close, so no goroutine outlives the test.
	release := make(chan struct{})
	defer close(release)
	blocking := withMiddleware(func(secret string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-release
		})
	})
	const deadline = 300 * time.Millisecond
	for _, id := range []string{"missing-header-401", "right-secret-works"} {
		start := time.Now()
		r := grader.RunCheck(context.Background(), checkNamed(t, blocking, id), deadline)
		elapsed := time.Since(start)
		if r.Pass {
			t.Errorf("blocking middleware: check %s passed, want it to catch the hang", id)
		}
		if !strings.Contains(r.Got, "blocking") {
			t.Errorf("blocking middleware: check %s got %q, want it to say the code is blocking", id, r.Got)
		}
		if elapsed > 2*time.Second {
			t.Errorf("blocking middleware: check %s took %s with a %s deadline", id, elapsed, deadline)
		}
	}
}
