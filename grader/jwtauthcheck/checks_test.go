package jwtauthcheck

// The grader's own tests for stage 2. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks share a process-wide
// user and read the global users.Verifications() counter, so no test here
// may run in parallel.

import (
	"net/http"
	"slices"
	"testing"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	starter "authlab/lessons/starters/jwtauth"
	"authlab/solutions/jwtauth"
)

// stage is stage 2 under test. The starter fails all but the checks it
// passes by letting every request through (a valid token "works"), refusing
// every login with 401 (a wrong password is refused) and opening no listener.
var stage = gradertest.Stage[Target]{
	Checks:       Checks,
	Solution:     solution,
	Starter:      Target{NewServer: starter.NewServer, Login: starter.Login, CallTool: starter.CallTool},
	Mutants:      mutants,
	StarterFails: gradertest.AllBut(Checks(Target{}), "login-wrong-password-401", "valid-token-works", "listens-on-loopback-only"),
}

// TestStage proves stage 2's checks: the solution passes them all, the
// starter fails exactly stage.StarterFails, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, not just that it was wrong.
func TestFailureSaysWhatCameBack(t *testing.T) {
	stage.AssertFailuresSay(t, []gradertest.Failure{
		{Mutant: "forgets return after the invalid-token 401", Check: "bad-signature-401", Got: []string{"401 Unauthorized", "reached the MCP handler", "`return` is missing", "create_product ran"}, Sent: "signed with another key"},
		{Mutant: "forgets return after the missing-token 401", Check: "missing-token-401", Got: []string{"401 Unauthorized", "reached the MCP handler", "`return` is missing"}, Sent: "no Authorization header"},
		{Mutant: "invalid token answered 403", Check: "expired-401", Got: []string{"403 Forbidden"}, Sent: "expired 10 minutes ago"},
		{Mutant: "401 without error=\"invalid_token\"", Check: "wrong-audience-401", Got: []string{"401 Unauthorized", `WWW-Authenticate: Bearer realm="authlab"`}, Sent: "another service"},
		{Mutant: "strings.Split(header, \" \")[1]", Check: "missing-token-401", Got: []string{"your code panicked (runtime error: index out of range [1] with length 1)", "no HTTP answer"}},
		{Mutant: "alg read by hand: garbage panics", Check: "malformed-401", Got: []string{"your code panicked (interface conversion", "no HTTP answer"}, Sent: `"not.a.jwt"`},
		{Mutant: "500 for an unexpected parse error", Check: "malformed-401", Got: []string{"500 Internal Server Error"}, Sent: `"not.a.jwt"`},
		{Mutant: "any HMAC method accepted", Check: "other-alg-401", Got: []string{"200 OK", "reached the MCP handler", "create_product ran"}, Sent: "HS384"},
		{Mutant: "alg none accepted", Check: "alg-none-401", Got: []string{"200 OK", "create_product ran"}, Sent: `"alg": "none"`},
		{Mutant: "an hour of leeway", Check: "not-yet-valid-401", Got: []string{"200 OK", "create_product ran"}, Sent: "nbf 10 minutes from now"},
		{Mutant: "whole header parsed as the token", Check: "valid-token-works", Got: []string{"401 Unauthorized", `error="invalid_token"`}, Sent: "Authorization: Bearer <a valid token>"},
		{Mutant: "no Cache-Control: no-store", Check: "login-no-store", Got: []string{`Cache-Control: ""`}},
		{Mutant: "unknown user answered 404", Check: "login-unknown-user-alike", Got: []string{"404 Not Found"}, Sent: "unknown user"},
		{Mutant: "unknown user gets another message", Check: "login-unknown-user-alike", Got: []string{"unknown user: 401", "wrong password: 401", "no such user"}},
		{Mutant: "unknown user refused before hashing", Check: "login-unknown-user-alike", Got: []string{"no verification"}},
		{Mutant: "unknown user checked against an empty hash", Check: "login-unknown-user-alike", Got: []string{"no verification"}},
		{Mutant: "VerifyPassword's bool ignored", Check: "login-wrong-password-401", Got: []string{"200 OK", "access_token"}, Sent: "wrong password"},
		{Mutant: "token lives 24 hours", Check: "login-issues-token", Got: []string{"it lives 24h0m0s"}},
		{Mutant: "token lifetime hard-coded", Check: "login-issues-token", Got: []string{"it lives 15m0s, not cfg.TokenTTL"}},
		{Mutant: "token without sub", Check: "login-issues-token", Got: []string{`sub is ""`}},
		{Mutant: "permissions hard-coded", Check: "login-issues-token", Got: []string{"permissions are [User.Read User.Write]"}},
		{Mutant: "token signed with HS512", Check: "login-issues-token", Got: []string{"does not verify", "HS512"}},
		{Mutant: "no key length check", Check: "weak-key-refused", Got: []string{"no error"}, Sent: "an empty signing key"},
		{Mutant: "only an empty key refused", Check: "weak-key-refused", Got: []string{"no error"}, Sent: "31-byte"},
		{Mutant: "handler returned with the error", Check: "weak-key-refused", Got: []string{"also a handler"}},
		{Mutant: "Login ignores the status", Check: "client-login", Got: []string{"no error"}, Sent: "wrong password"},
		{Mutant: "Login reads the wrong field", Check: "client-login", Got: []string{`""`}, Sent: "right password"},
		{Mutant: "token never sent", Check: "client-sends-token", Got: []string{"request 1 of", "carried no Authorization header"}},
		{Mutant: "token sent without Bearer", Check: "client-sends-token", Got: []string{`carried Authorization: "<token>"`}},
		{Mutant: "token on the first request only", Check: "client-sends-token", Got: []string{"request 2 of", "carried no Authorization header"}},
	})
}

// TestPanicIsAFailedResult runs every check against code that panics, in the
// middleware on every request and in NewServer itself: each check must come
// back failed, saying so, instead of crashing the grader.
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := withMiddleware(func(_ jwtconfig.Config, next http.Handler) http.Handler { return gradertest.PanickingHandler(next) })
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
	stage.AssertCrashesCaught(t, []gradertest.Crash[Target]{
		{Name: "middleware panics", Target: panicking, Checks: serving, Got: "your code panicked (assignment to entry in nil map)"},
		{Name: "NewServer panics", Target: newServerPanics, Checks: slices.Concat(serving, login, []string{"weak-key-refused"}), Got: "panic: NewServer is not written yet"},
	})
}

// TestHangIsAFailedResult runs checks against a middleware that never
// answers: RunCheck must give up at its deadline and say the code blocks.
func TestHangIsAFailedResult(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	blocking := withMiddleware(func(jwtconfig.Config, http.Handler) http.Handler { return gradertest.BlockingHandler(release) })
	stage.AssertHangCaught(t, "blocking middleware", blocking, "missing-token-401", "valid-token-works")
}
