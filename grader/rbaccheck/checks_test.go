package rbaccheck

// The grader's own tests for stage 3. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks share one user store
// (tokenlab.TheAccount) and listens-on-loopback-only lists every socket of
// the process, so no test here may run in parallel.

import (
	"net/http"
	"os"
	"slices"
	"testing"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	starter "authlab/lessons/starters/rbac"
)

// stage is stage 3 under test. The starter validates tokens as in stage 2,
// lets every valid one through with no identity, keeps stage 2's strict
// claims and starts without a user store, so exactly the permission, user,
// identity and configuration checks fail.
var stage = gradertest.Stage[Target]{
	Checks:   Checks,
	Deep:     Deep,
	Solution: solution,
	Starter:  Target{NewServer: starter.NewServer},
	Mutants:  mutants,
	StarterFails: []string{"identity-reaches-tools", "near-miss-permission-403", "no-permission-403", "odd-claims-403", "unknown-user-401",
		"checked-every-request", "differential", "nil-user-store-refused"},
}

// TestMain runs the tests with the garbage collector gradertest.Main sets,
// TestFailureSaysWhatCameBack in a process of its own beside the others.
func TestMain(m *testing.M) { os.Exit(gradertest.Main(m.Run, "TestFailureSaysWhatCameBack")) }

// TestStage proves stage 3's checks: the solution passes them all, the
// starter fails exactly stage.StarterFails, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, and which of a check's tokens it did it to.
func TestFailureSaysWhatCameBack(t *testing.T) {
	if gradertest.RanApart(t) {
		return
	}
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
		{Mutant: "user never looked up", Check: "unknown-user-401", Got: []string{"200 OK", "create_product ran"}, Sent: "whose sub is not in the user store"},
		{Mutant: "unknown user answered 403 insufficient_scope", Check: "unknown-user-401", Got: []string{"403 Forbidden", "the status is 403, not 401"}, Sent: "whose sub is not in the user store"},
		{Mutant: "identity under its own context key", Check: "identity-reaches-tools", Got: []string{"no TokenInfo"}},
		{Mutant: "UserID from the name claim", Check: "identity-reaches-tools", Got: []string{`TokenInfo{UserID: "Grace `}},
		{Mutant: "X-User header overrides the token's sub", Check: "identity-reaches-tools", Got: []string{`TokenInfo{UserID: "admin-`}, Sent: "X-User: admin-"},
		{Mutant: "Scopes: only the permission checked", Check: "identity-reaches-tools", Got: []string{`Scopes: [User.Read]}`}},
		{Mutant: "user looked up by name, not sub", Check: "with-permission-works", Got: []string{"401 Unauthorized", `error="invalid_token"`}, Sent: "initialize"},
		{Mutant: "TokenInfo without Expiration", Check: "with-permission-works", Got: []string{"401 Unauthorized", "a 401 with no challenge", "token missing expiration"}, Sent: "initialize"},
		// with-permission-works says why the token was refused (see also
		// TestWithPermissionNamesTheCause, which checks the hints).
		{Mutant: "user looked up by name, not sub", Check: "with-permission-works", Got: []string{`your code looked up "Grace `, "(the token's name claim)"}},
		{Mutant: "user looked up in a store of its own", Check: "with-permission-works", Got: []string{"your code never looked the user up in cfg.Users"}},
		{Mutant: "only the first permission looked at", Check: "with-permission-works", Got: []string{"your code found user", "then refused the permission"}},
		{Mutant: "permissions read as a space-separated string", Check: "with-permission-works", Got: []string{"401 Unauthorized", "your code refused the token as invalid"}},
		{Mutant: "no key length check", Check: "weak-key-refused", Got: []string{"no error", "could be forged"}, Sent: "an empty signing key"},
		{Mutant: "only an empty key refused", Check: "weak-key-refused", Got: []string{"no error"}, Sent: "a 31-byte signing key"},
		{Mutant: "a key of exactly 32 bytes refused", Check: "min-length-key-accepted", Got: []string{"error: the signing key is too short"}, Sent: "32-byte key"},
		{Mutant: "no user store accepted", Check: "nil-user-store-refused", Got: []string{"no error"}, Sent: "cfg.Users nil"},
		{Mutant: "one space only after Bearer", Check: "bearer-scheme-forms", Got: []string{"401 Unauthorized", `error="invalid_token"`, "it was refused, yet it must get through"}, Sent: "two spaces"},
		// go-sdk's RequireBearerToken reads the header again, and refuses the
		// bare token this code let through, with no challenge.
		{Mutant: "bare token accepted", Check: "bearer-scheme-forms", Got: []string{"401 Unauthorized", "there is no WWW-Authenticate header"}, Sent: "with no scheme"},
		{Mutant: "RequireBearerToken without ClockSkew", Check: "leeway-window", Got: []string{"401 Unauthorized", "there is no WWW-Authenticate header"}, Sent: "expired 2 s ago"},
		{Mutant: "decision remembered per session", Check: "checked-every-request", Got: []string{"200 OK", "reached the MCP handler"}, Sent: "tools/call create_product on the session with a token without User.Read"},
		{Mutant: "guards POST only", Check: "checked-every-request", Got: []string{"reached the MCP handler", "it got through to the MCP handler"}, Sent: "GET /mcp on the session with a token without User.Read"},
		// The remembered identity goes through go-sdk's RequireBearerToken, which
		// refuses a request without a bearer token, with no challenge.
		{Mutant: "session id trusted as a credential", Check: "session-id-not-credential", Got: []string{"401 Unauthorized", "there is no WWW-Authenticate header"}, Sent: "the session's Mcp-Session-Id and no Authorization header"},
		{Mutant: "session id trusted as a credential", Check: "checked-every-request", Got: []string{"200 OK", "it got through to the MCP handler"}, Sent: "a token without User.Read"},
		{Mutant: "session id accepted as a bearer token", Check: "session-id-not-credential", Got: []string{"200 OK"}, Sent: "Authorization: Bearer <the session id>"},
		{Mutant: "refused token logged", Check: "logs-hold-no-credentials", Got: []string{"your code printed a token that was sent", "rbac: refused token <a token that was sent>"}},
		{Mutant: "Authorization header logged", Check: "logs-hold-no-credentials", Got: []string{"your code printed a token that was sent", "Authorization"}},
		// The differential names the smallest change that shows each bug.
		{Mutant: `"*" grants every permission`, Check: "differential", Got: []string{"200 OK", "create_product", "must be refused"}, Sent: `permissions set to ["*"]`},
		{Mutant: "Admin.Write implies every permission", Check: "differential", Got: []string{"200 OK"}, Sent: `permissions set to ["Admin.Write"]`},
		{Mutant: "each permission split on commas", Check: "differential", Got: []string{"200 OK"}, Sent: `permissions set to ["User.Read,Admin.Write"]`},
		{Mutant: "X-Permissions header trusted", Check: "differential", Got: []string{"200 OK"}, Sent: "X-Permissions: User.Read added"},
		{Mutant: "scope claim read too", Check: "differential", Got: []string{"200 OK"}, Sent: "in a scope claim"},
		{Mutant: "roles claim read too", Check: "differential", Got: []string{"200 OK"}, Sent: "in a roles claim"},
		{Mutant: "users cached by case-folded name", Check: "differential", Got: []string{"200 OK"}, Sent: "sub set to"},
		{Mutant: "sub trimmed before the lookup", Check: "differential", Got: []string{"200 OK"}, Sent: "sub set to"},
		{Mutant: "UserID from the name claim", Check: "differential", Got: []string{"the tool says user \"Grace "}, Sent: "the base request, unchanged"},
		// The deep tier.
		{Mutant: "X-Permissions header trusted", Check: "differential-deep", Got: []string{"200 OK"}, Sent: "X-Permissions: User.Read added"},
		{Mutant: "current claims in a package-level variable", Check: "concurrent-callers-isolated", Sent: "while five other callers sent theirs"},
		{Mutant: "claims in a field of the shared middleware", Check: "concurrent-callers-isolated", Sent: "while five other callers sent theirs"},
		{Mutant: "configuration in a package-level variable", Check: "two-servers-side-by-side", Got: []string{"401 Unauthorized", `error="invalid_token"`}, Sent: "to the first server, a token of its own"},
		{Mutant: "validated tokens cached past exp", Check: "no-cache-past-exp", Got: []string{"a cache of validated tokens outlives their exp"}, Sent: "the same token again"},
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
	serving = append(serving, "every-method-guarded", "with-permission-works", "identity-reaches-tools", "bearer-scheme-forms",
		"leeway-window", "checked-every-request", "session-id-not-credential", "differential", "min-length-key-accepted")
	starting := []string{"logs-hold-no-credentials", "weak-key-refused", "nil-user-store-refused"}
	stage.AssertCrashesCaught(t, []gradertest.Crash[Target]{
		{Name: "middleware panics", Target: panicking, Checks: serving, Got: "your code panicked (assignment to entry in nil map)"},
		{Name: "NewServer panics", Target: newServerPanics, Checks: slices.Concat(serving, starting), Got: "panic: NewServer is not written yet"},
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
