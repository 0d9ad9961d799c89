package rbaccheck

// The grader's own tests for stage 3. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks share one user store
// (tokenlab.TheAccount) and listens-on-loopback-only lists every socket of
// the process, so no test here may run in parallel.

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	starter "authlab/lessons/starters/rbac"
)

// runAll runs every check against target, in order, and returns the results
// by check id.
func runAll(t *testing.T, target Target) map[string]grader.CheckResult {
	t.Helper()
	return gradertest.RunAll(t, Checks(target))
}

// checkIDs returns the ids of Checks, in order.
func checkIDs() []string { return gradertest.IDs(Checks(Target{})) }

// TestStage proves stage 3's checks: the solution passes them all; the
// starter validates tokens as in stage 2, lets every valid one through with
// no identity and keeps stage 2's strict claims, so exactly the permission,
// user and identity checks fail; and every mutant is caught by exactly the
// checks meant to catch it.
func TestStage(t *testing.T) {
	gradertest.Prove(t, gradertest.Stage[Target]{
		Checks: Checks, Solution: solution, Starter: Target{NewServer: starter.NewServer}, Mutants: mutants,
		StarterFails: []string{"identity-reaches-tools", "near-miss-permission-403", "no-permission-403", "odd-claims-403", "unknown-user-403"},
	})
}

func checkNamed(t *testing.T, target Target, id string) grader.Check {
	t.Helper()
	return gradertest.Named(t, Checks(target), id)
}

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, and which of a check's tokens it did it to.
func TestFailureSaysWhatCameBack(t *testing.T) {
	tests := []struct {
		mutant, check string
		got           []string // substrings of the result's Got
		sent          string   // substring of the result's Sent, if set
	}{
		{"forgets return after the permission 403", "no-permission-403", []string{"403 Forbidden", `error="insufficient_scope"`, "`return` is missing", "create_product ran"}, `["Guest.Read"]`},
		{"403 without a challenge", "no-permission-403", []string{"403 Forbidden", "no WWW-Authenticate header"}, ""},
		{`403 without scope="User.Read"`, "near-miss-permission-403", []string{"403 Forbidden", `WWW-Authenticate: Bearer realm="authlab", error="insufficient_scope"`}, `["user.read"]`},
		{"invalid token answered 403", "invalid-token-401", []string{"403 Forbidden"}, "signed with another key"},
		{"permission judged before the token is verified", "invalid-without-permission-401", []string{"403 Forbidden", `error="insufficient_scope"`}, "without User.Read signed with another key"},
		{"no token answered 403", "missing-token-401", []string{"403 Forbidden"}, "no Authorization header"},
		{"strings.EqualFold", "near-miss-permission-403", []string{"200 OK", "reached the MCP handler", "create_product ran"}, `["user.read"]`},
		{"strings.HasPrefix", "near-miss-permission-403", []string{"200 OK", "reached the MCP handler"}, `["User.ReadWrite"]`},
		{"strings.TrimSpace", "near-miss-permission-403", []string{"200 OK"}, `["User.Read "]`},
		{"strings.Contains on each permission", "near-miss-permission-403", []string{"200 OK"}, `["User.ReadWrite"]`},
		{"Permissions []string (stage 2's Claims)", "odd-claims-403", []string{"401 Unauthorized", `error="invalid_token"`}, `"permissions": "User.Read" (a string`},
		{"unchecked type assertion on MapClaims", "odd-claims-403", []string{"your code panicked (interface conversion: interface {} is string, not []interface {})", "no HTTP answer"}, `"permissions": "User.Read"`},
		{"strings from a mixed list picked out", "odd-claims-403", []string{"200 OK", "reached the MCP handler"}, `[1, "User.Read"]`},
		{"user never looked up", "unknown-user-403", []string{"200 OK", "create_product ran"}, "whose sub is not in the user store"},
		{"identity under its own context key", "identity-reaches-tools", []string{"no TokenInfo"}, ""},
		{"UserID from the name claim", "identity-reaches-tools", []string{`TokenInfo{UserID: "Grace `}, ""},
		{"X-User header overrides the token's sub", "identity-reaches-tools", []string{`TokenInfo{UserID: "admin-`}, "X-User: admin-"},
		{"Scopes: only the permission checked", "identity-reaches-tools", []string{`Scopes: [User.Read]}`}, ""},
		{"user looked up by name, not sub", "with-permission-works", []string{"403 Forbidden", `error="insufficient_scope"`}, "initialize"},
		{"TokenInfo without Expiration", "with-permission-works", []string{"401 Unauthorized"}, "initialize"},
		{"no key length check", "weak-key-refused", []string{"no error", "could be forged"}, "an empty signing key"},
		{"only an empty key refused", "weak-key-refused", []string{"no error"}, "a 31-byte signing key"},
	}
	for _, tt := range tests {
		m := gradertest.MutantNamed(t, mutants(), tt.mutant)
		r := grader.RunCheck(context.Background(), checkNamed(t, m.Target, tt.check), grader.CheckDeadline)
		if m.Cleanup != nil {
			m.Cleanup()
		}
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
			t.Errorf("%s: check %s sent %q, want it to name the request that got the wrong answer, %q", tt.mutant, tt.check, r.Sent, tt.sent)
		}
	}
}

// TestPanicIsAFailedResult runs every check against code that panics, in the
// middleware on every request and in NewServer itself: each check must come
// back failed, saying so, instead of crashing the grader.
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := withMiddleware(func(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var seen map[string]bool
			seen[r.Header.Get("Authorization")] = true // panics: assignment to entry in nil map
			next.ServeHTTP(w, r)
		})
	})
	newServerPanics := Target{
		NewServer: func(jwtconfig.Config, http.Handler) (http.Handler, error) { panic("NewServer is not written yet") },
	}
	// The checks that serve requests through the middleware.
	var serving []string
	for _, r := range refusals {
		serving = append(serving, r.ID)
	}
	serving = append(serving, "with-permission-works", "identity-reaches-tools")
	tests := []struct {
		name   string
		target Target
		checks []string // the checks that reach the panicking code
		got    string   // in the Got of each of them
	}{
		{"middleware panics", panicking, serving, "your code panicked (assignment to entry in nil map)"},
		{"NewServer panics", newServerPanics, append(slices.Clone(serving), "weak-key-refused"), "panic: NewServer is not written yet"},
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
	blocking := withMiddleware(func(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-release
		})
	})
	const deadline = 300 * time.Millisecond
	for _, id := range []string{"no-permission-403", "with-permission-works"} {
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
