package jwtcheck

// The grader's own tests for stage 2. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks share a process-wide
// user and read the global users.Verifications() counter, so no test here
// may run in parallel.

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
	starter "authlab/lessons/starters/jwtauth"
	"authlab/solutions/jwtauth"
)

// runAll runs every check against target, in order, and returns the results
// by check id.
func runAll(t *testing.T, target Target) map[string]grader.CheckResult {
	t.Helper()
	return gradertest.RunAll(t, Checks(target))
}

// checkIDs returns the ids of Checks, in order.
func checkIDs() []string { return gradertest.IDs(Checks(Target{})) }

// TestStage proves stage 2's checks: the solution passes them all, the
// starter fails all but the ones it passes by letting every request through
// (a valid token "works"), refusing every login with 401 (a wrong password
// is refused) and opening no listener, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) {
	starterTarget := Target{NewServer: starter.NewServer, Login: starter.Login, CallTool: starter.CallTool}
	gradertest.Prove(t, gradertest.Stage[Target]{
		Checks: Checks, Solution: solution, Starter: starterTarget, Mutants: mutants,
		StarterFails: gradertest.AllBut(Checks(Target{}), "login-wrong-password-401", "valid-token-works", "listens-on-loopback-only"),
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
		{"forgets return after the invalid-token 401", "bad-signature-401", []string{"401 Unauthorized", "reached the MCP handler", "`return` is missing", "create_product ran"}, "signed with another key"},
		{"forgets return after the missing-token 401", "missing-token-401", []string{"401 Unauthorized", "reached the MCP handler", "`return` is missing"}, "no Authorization header"},
		{"invalid token answered 403", "expired-401", []string{"403 Forbidden"}, "expired 10 minutes ago"},
		{"401 without error=\"invalid_token\"", "wrong-audience-401", []string{"401 Unauthorized", `WWW-Authenticate: Bearer realm="authlab"`}, "another service"},
		{"strings.Split(header, \" \")[1]", "missing-token-401", []string{"your code panicked (runtime error: index out of range [1] with length 1)", "no HTTP answer"}, ""},
		{"alg read by hand: garbage panics", "malformed-401", []string{"your code panicked (interface conversion", "no HTTP answer"}, `"not.a.jwt"`},
		{"500 for an unexpected parse error", "malformed-401", []string{"500 Internal Server Error"}, `"not.a.jwt"`},
		{"any HMAC method accepted", "other-alg-401", []string{"200 OK", "reached the MCP handler", "create_product ran"}, "HS384"},
		{"alg none accepted", "alg-none-401", []string{"200 OK", "create_product ran"}, `"alg": "none"`},
		{"an hour of leeway", "not-yet-valid-401", []string{"200 OK", "create_product ran"}, "nbf 10 minutes from now"},
		{"whole header parsed as the token", "valid-token-works", []string{"401 Unauthorized", `error="invalid_token"`}, "Authorization: Bearer <a valid token>"},
		{"no Cache-Control: no-store", "login-no-store", []string{`Cache-Control: ""`}, ""},
		{"unknown user answered 404", "login-unknown-user-alike", []string{"404 Not Found"}, "unknown user"},
		{"unknown user gets another message", "login-unknown-user-alike", []string{"unknown user: 401", "wrong password: 401", "no such user"}, ""},
		{"unknown user refused before hashing", "login-unknown-user-alike", []string{"no verification"}, ""},
		{"unknown user checked against an empty hash", "login-unknown-user-alike", []string{"no verification"}, ""},
		{"VerifyPassword's bool ignored", "login-wrong-password-401", []string{"200 OK", "access_token"}, "wrong password"},
		{"token lives 24 hours", "login-issues-token", []string{"it lives 24h0m0s"}, ""},
		{"token lifetime hard-coded", "login-issues-token", []string{"it lives 15m0s, not cfg.TokenTTL"}, ""},
		{"token without sub", "login-issues-token", []string{`sub is ""`}, ""},
		{"permissions hard-coded", "login-issues-token", []string{"permissions are [User.Read User.Write]"}, ""},
		{"token signed with HS512", "login-issues-token", []string{"does not verify", "HS512"}, ""},
		{"no key length check", "weak-key-refused", []string{"no error"}, "an empty signing key"},
		{"only an empty key refused", "weak-key-refused", []string{"no error"}, "31-byte"},
		{"handler returned with the error", "weak-key-refused", []string{"also a handler"}, ""},
		{"Login ignores the status", "client-login", []string{"no error"}, "wrong password"},
		{"Login reads the wrong field", "client-login", []string{`""`}, "right password"},
		{"token never sent", "client-sends-token", []string{"request 1 of", "carried no Authorization header"}, ""},
		{"token sent without Bearer", "client-sends-token", []string{`carried Authorization: "<token>"`}, ""},
		{"token on the first request only", "client-sends-token", []string{"request 2 of", "carried no Authorization header"}, ""},
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
			t.Errorf("%s: check %s sent %q, want it to name the request that got through, %q", tt.mutant, tt.check, r.Sent, tt.sent)
		}
	}
}

// TestPanicIsAFailedResult runs every check against code that panics, in the
// middleware on every request and in NewServer itself: each check must come
// back failed, saying so, instead of crashing the grader.
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := withMiddleware(func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var seen map[string]bool
			seen[r.Header.Get("Authorization")] = true // panics: assignment to entry in nil map
			next.ServeHTTP(w, r)
		})
	})
	newServerPanics := Target{
		NewServer: func(jwtconfig.Config, http.Handler) (http.Handler, error) { panic("NewServer is not written yet") },
		Login:     jwtauth.Login,
		CallTool:  jwtauth.CallTool,
	}
	// The checks that serve requests through the middleware.
	var serving []string
	for _, r := range rejections {
		serving = append(serving, r.ID)
	}
	serving = append(serving, "valid-token-works")
	login := []string{"login-issues-token", "login-no-store", "login-wrong-password-401", "login-unknown-user-alike"}
	tests := []struct {
		name   string
		target Target
		checks []string // the checks that reach the panicking code
		got    string   // in the Got of each of them
	}{
		{"middleware panics", panicking, serving, "your code panicked (assignment to entry in nil map)"},
		{"NewServer panics", newServerPanics, slices.Concat(serving, login, []string{"weak-key-refused"}), "panic: NewServer is not written yet"},
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
	blocking := withMiddleware(func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-release
		})
	})
	const deadline = 300 * time.Millisecond
	for _, id := range []string{"missing-token-401", "valid-token-works"} {
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
