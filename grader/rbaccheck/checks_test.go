package rbaccheck

// The grader's own tests for stage 3. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks share one user store
// (tokenlab.TheAccount) and listens-on-loopback-only lists every socket of
// the process, so no test here may run in parallel.

import (
	"net/http"
	"slices"
	"testing"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	starter "authlab/lessons/starters/rbac"
)

// stage is stage 3 under test. The starter validates tokens as in stage 2,
// lets every valid one through with no identity and keeps stage 2's strict
// claims, so exactly the permission, user and identity checks fail.
var stage = gradertest.Stage[Target]{
	Checks:       Checks,
	Solution:     solution,
	Starter:      Target{NewServer: starter.NewServer},
	Mutants:      mutants,
	StarterFails: []string{"identity-reaches-tools", "near-miss-permission-403", "no-permission-403", "odd-claims-403", "unknown-user-403"},
}

// TestStage proves stage 3's checks: the solution passes them all, the
// starter fails exactly stage.StarterFails, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, and which of a check's tokens it did it to.
func TestFailureSaysWhatCameBack(t *testing.T) {
	stage.AssertFailuresSay(t, []gradertest.Failure{
		{Mutant: "forgets return after the permission 403", Check: "no-permission-403", Got: []string{"403 Forbidden", `error="insufficient_scope"`, "`return` is missing", "create_product ran"}, Sent: `["Guest.Read"]`},
		{Mutant: "403 without a challenge", Check: "no-permission-403", Got: []string{"403 Forbidden", "no WWW-Authenticate header"}},
		{Mutant: `403 without scope="User.Read"`, Check: "near-miss-permission-403", Got: []string{"403 Forbidden", `WWW-Authenticate: Bearer realm="authlab", error="insufficient_scope"`}, Sent: `["user.read"]`},
		{Mutant: "invalid token answered 403", Check: "invalid-token-401", Got: []string{"403 Forbidden"}, Sent: "signed with another key"},
		{Mutant: "permission judged before the token is verified", Check: "invalid-without-permission-401", Got: []string{"403 Forbidden", `error="insufficient_scope"`}, Sent: "without User.Read signed with another key"},
		{Mutant: "no token answered 403", Check: "missing-token-401", Got: []string{"403 Forbidden"}, Sent: "no Authorization header"},
		{Mutant: "strings.EqualFold", Check: "near-miss-permission-403", Got: []string{"200 OK", "reached the MCP handler", "create_product ran"}, Sent: `["user.read"]`},
		{Mutant: "strings.HasPrefix", Check: "near-miss-permission-403", Got: []string{"200 OK", "reached the MCP handler"}, Sent: `["User.ReadWrite"]`},
		{Mutant: "strings.TrimSpace", Check: "near-miss-permission-403", Got: []string{"200 OK"}, Sent: `["User.Read "]`},
		{Mutant: "strings.Contains on each permission", Check: "near-miss-permission-403", Got: []string{"200 OK"}, Sent: `["User.ReadWrite"]`},
		{Mutant: "Permissions []string (stage 2's Claims)", Check: "odd-claims-403", Got: []string{"401 Unauthorized", `error="invalid_token"`}, Sent: `"permissions": "User.Read" (a string`},
		{Mutant: "unchecked type assertion on MapClaims", Check: "odd-claims-403", Got: []string{"your code panicked (interface conversion: interface {} is string, not []interface {})", "no HTTP answer"}, Sent: `"permissions": "User.Read"`},
		{Mutant: "strings from a mixed list picked out", Check: "odd-claims-403", Got: []string{"200 OK", "reached the MCP handler"}, Sent: `[1, "User.Read"]`},
		{Mutant: "user never looked up", Check: "unknown-user-403", Got: []string{"200 OK", "create_product ran"}, Sent: "whose sub is not in the user store"},
		{Mutant: "identity under its own context key", Check: "identity-reaches-tools", Got: []string{"no TokenInfo"}},
		{Mutant: "UserID from the name claim", Check: "identity-reaches-tools", Got: []string{`TokenInfo{UserID: "Grace `}},
		{Mutant: "X-User header overrides the token's sub", Check: "identity-reaches-tools", Got: []string{`TokenInfo{UserID: "admin-`}, Sent: "X-User: admin-"},
		{Mutant: "Scopes: only the permission checked", Check: "identity-reaches-tools", Got: []string{`Scopes: [User.Read]}`}},
		{Mutant: "user looked up by name, not sub", Check: "with-permission-works", Got: []string{"403 Forbidden", `error="insufficient_scope"`}, Sent: "initialize"},
		{Mutant: "TokenInfo without Expiration", Check: "with-permission-works", Got: []string{"401 Unauthorized"}, Sent: "initialize"},
		{Mutant: "no key length check", Check: "weak-key-refused", Got: []string{"no error", "could be forged"}, Sent: "an empty signing key"},
		{Mutant: "only an empty key refused", Check: "weak-key-refused", Got: []string{"no error"}, Sent: "a 31-byte signing key"},
	})
}

// TestPanicIsAFailedResult runs every check against code that panics, in the
// middleware on every request and in NewServer itself: each check must come
// back failed, saying so, instead of crashing the grader.
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := withMiddleware(func(_ jwtconfig.Config, _ string, next http.Handler) http.Handler {
		return gradertest.PanickingHandler(next)
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
	stage.AssertCrashesCaught(t, []gradertest.Crash[Target]{
		{Name: "middleware panics", Target: panicking, Checks: serving, Got: "your code panicked (assignment to entry in nil map)"},
		{Name: "NewServer panics", Target: newServerPanics, Checks: append(slices.Clone(serving), "weak-key-refused"), Got: "panic: NewServer is not written yet"},
	})
}

// TestHangIsAFailedResult runs checks against a middleware that never
// answers: RunCheck must give up at its deadline and say the code blocks.
func TestHangIsAFailedResult(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	blocking := withMiddleware(func(jwtconfig.Config, string, http.Handler) http.Handler { return gradertest.BlockingHandler(release) })
	stage.AssertHangCaught(t, "blocking middleware", blocking, "no-permission-403", "with-permission-works")
}
