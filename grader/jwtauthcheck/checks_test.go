package jwtauthcheck

// The grader's own tests for stage 2. Every check runs in-process through
// grader.RunCheck, as the harness runs it. The checks share a process-wide
// user and read the global users.Verifications() counter, so no test here
// may run in parallel.

import (
	"context"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"
	starter "authlab/lessons/starters/jwtauth"
	"authlab/solutions/jwtauth"
)

// stage is stage 2 under test. The starter fails all but the checks it
// passes with the code it gives (the login's answers, the configuration
// checks besides the key's, the missing-token 401, the client's transport),
// by letting every token through (a valid token "works"), refusing every
// login (a wrong password is refused) and opening no listener.
var stage = gradertest.Stage[Target]{
	Checks:   Checks,
	Deep:     Deep,
	Solution: solution,
	Starter: Target{NewServer: starter.NewServer, Login: starter.Login, CallTool: starter.CallTool,
		ParseToken: func(cfg jwtconfig.Config, raw string) error { _, err := starter.ParseToken(cfg, raw); return err },
		ClaimsFrom: func(ctx context.Context) (string, []string, bool) {
			c, ok := starter.ClaimsFrom(ctx)
			if !ok || c == nil {
				return "", nil, false
			}
			return c.Subject, c.Permissions, true
		},
		Source: os.DirFS("../../lessons/starters/jwtauth")},
	Mutants: mutants,
	StarterFails: gradertest.AllBut(Checks(Target{}), "login-wrong-password-invalid-grant", "valid-token-works", "listens-on-loopback-only", "client-keeps-process-state", "client-keeps-request",
		"login-get-refused", "logs-hold-no-credentials", "login-no-store", "login-malformed-invalid-request", "missing-token-401", "basic-scheme-401",
		"bare-token-401", "client-sends-token", "client-token-same-origin", "nil-store-refused", "empty-issuer-audience-fail-closed"),
}

// TestMain silences the log package outside the captures of
// logs-hold-no-credentials: the mutants that log credentials would
// otherwise print them into this test's output. It also hashes passwords at
// argon2id's lowest cost: the checks log in about a thousand times, which
// at the real cost was most of this package's time, and no verdict depends
// on how long a hash takes (internal/users' tests prove the real cost, and
// `authlab check` grades with it). gradertest.Main sets the garbage
// collector and runs TestFailureSaysWhatCameBack in a process of its own.
func TestMain(m *testing.M) {
	log.SetOutput(io.Discard)
	users.UseLowestCost()
	os.Exit(gradertest.Main(m.Run, "TestFailureSaysWhatCameBack"))
}

// TestStage proves stage 2's checks: the solution passes them all, the
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
		{Mutant: "no Pragma: no-cache", Check: "login-no-store", Got: []string{`Cache-Control: "no-store", Pragma: ""`}},
		{Mutant: "failed login answered 401 without a challenge", Check: "login-wrong-password-invalid-grant", Got: []string{"401 Unauthorized", "without a WWW-Authenticate challenge"}},
		{Mutant: "failed login answered 200", Check: "login-wrong-password-invalid-grant", Got: []string{"200 OK", "not 400"}},
		{Mutant: "a missing password taken for a wrong one", Check: "login-malformed-invalid-request", Got: []string{`error "invalid_grant", not "invalid_request"`}, Sent: "no password"},
		{Mutant: "405 without Allow", Check: "login-get-refused", Got: []string{"405 Method Not Allowed", `Allow: ""`}},
		{Mutant: "unknown user answered 404", Check: "login-unknown-user-alike", Got: []string{"404 Not Found"}, Sent: "unknown user"},
		{Mutant: "unknown user gets another message", Check: "login-unknown-user-alike", Got: []string{"unknown user: 400", "wrong password: 400", "no such user"}},
		{Mutant: "unknown user refused before hashing", Check: "login-unknown-user-alike", Got: []string{"no verification"}},
		{Mutant: "unknown user checked against an empty hash", Check: "login-unknown-user-alike", Got: []string{"no verification"}},
		{Mutant: "VerifyPassword's bool ignored", Check: "login-wrong-password-invalid-grant", Got: []string{"200 OK", "access_token"}, Sent: "wrong password"},
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
		{Mutant: "the password compared with the hash", Check: "login-issues-token", Got: []string{"400 Bad Request", "without a single argon2id verification"}},
		{Mutant: "err != nil for err == nil", Check: "login-issues-token", Got: []string{"users.VerifyPassword ran, and the right password was still refused"}},
		{Mutant: "iss and aud swapped in IssueToken and ParseToken", Check: "login-issues-token",
			Got: []string{"does not verify", "iss is not the configured issuer", "your own ParseToken accepts it"}},
		{Mutant: "login served on every method", Check: "login-get-refused", Got: []string{"200 OK", "a GET logged the user in"}, Sent: "GET /login"},
		{Mutant: "permissions taken from the login body", Check: "login-extra-fields-ignored", Got: []string{`the token carries the "permissions"`, "Admin.Write"}},
		{Mutant: "the login body becomes the claims", Check: "login-extra-fields-ignored", Got: []string{`the token carries the "role"`}},
		{Mutant: "the whole account in the token", Check: "login-answer-holds-no-secret", Got: []string{"the token's header and claims holds the password's hash"}},
		{Mutant: "the login answer echoes the request", Check: "login-answer-holds-no-secret", Got: []string{"the answer's body holds the password"}},
		{Mutant: "the key id is a piece of the key", Check: "login-answer-holds-no-secret", Got: []string{"the token's header and claims holds the signing key"}},
		{Mutant: "expires_in in nanoseconds", Check: "login-expires-in", Got: []string{"expires_in", "for a token that lives"}},
		{Mutant: "no user store check", Check: "nil-store-refused", Got: []string{"no error"}, Sent: "cfg.Users nil"},
		{Mutant: "a 32-byte key refused", Check: "min-key-accepted", Got: []string{"error: the signing key must be longer"}, Sent: "exactly 32 bytes"},
		{Mutant: "scheme compared case-sensitively", Check: "scheme-any-case", Got: []string{"401 Unauthorized"}, Sent: `"bearer "`},
		{Mutant: "one space only after the scheme", Check: "scheme-extra-spaces", Got: []string{"401 Unauthorized"}, Sent: `"Bearer  "`},
		{Mutant: "strings.Fields(header)[1] under any scheme", Check: "basic-scheme-401", Got: []string{"200 OK", "reached the MCP handler"}, Sent: "Basic"},
		{Mutant: "the bare token taken when the scheme is missing", Check: "bare-token-401", Got: []string{"200 OK", "ran create_product"}, Sent: "no scheme"},
		{Mutant: "sessions opened with a valid token are trusted", Check: "session-id-not-a-credential",
			Got: []string{"200 OK", "the tool create_product ran"}, Sent: "on the session opened with a valid token"},
		{Mutant: "the token logged", Check: "logs-hold-no-credentials", Got: []string{"your code printed", "checking token <"}},
		{Mutant: "the password logged on a failed login", Check: "logs-hold-no-credentials", Got: []string{"your code printed the password"}},
		{Mutant: "Login follows redirects", Check: "client-login-no-redirect", Got: []string{"B received POST /login carrying the password"}, Sent: "307"},
		{Mutant: "token sent to every origin", Check: "client-token-same-origin", Got: []string{"carrying the token", "redirected request"}},
		{Mutant: "Login ignores its context", Check: "client-deadline", Got: []string{"Login had not returned", "does not honour ctx"}},
		{Mutant: "CallTool connects without its context", Check: "client-deadline", Got: []string{"CallTool had not returned"}},
		{Mutant: "the token also read from ?access_token=", Check: "differential", Got: []string{"it got through to the MCP handler, yet it must be refused"}, Sent: "?access_token="},
		{Mutant: "iss compared case-insensitively", Check: "differential", Got: []string{"it got through"}, Sent: "iss set to"},
		{Mutant: "NumericDates written as strings accepted", Check: "differential", Got: []string{"it got through"}, Sent: `set to "`},
		{Mutant: "every other path served unguarded", Check: "differential", Got: []string{"reached the MCP handler"}, Sent: "sent to"},
		{Mutant: "the last configuration wins", Check: "side-by-side", Got: []string{"server A", "the two share what NewServer was given"}},
		{Mutant: "the verdict kept in a field shared by every request", Check: "concurrent-callers", Got: []string{"one request's state reached another"}},
		{Mutant: "validated tokens cached past their exp", Check: "no-cache-past-exp", Got: []string{"the one your server had seen got through again"}},
	})
}

// TestRefusedTokenNamesTheCause checks that when a valid token is refused,
// valid-token-works asks the package's own ParseToken and says which part
// is wrong, with the hint for that part.
func TestRefusedTokenNamesTheCause(t *testing.T) {
	tests := []struct {
		mutant   string
		got      string
		hint     string
		notInGot string
	}{
		{"ParseToken checks aud against the issuer", "your ParseToken refuses a valid token: token has invalid claims: token has invalid audience",
			"jwt.WithAudience(cfg.Audience)", "ParseToken accepts it"},
		{"whole header parsed as the token", "ParseToken accepts it: your middleware refused it before asking (the header parsing?)",
			"strings.Cut", "refuses a valid token"},
	}
	for _, tt := range tests {
		m := gradertest.MutantNamed(t, mutants(), tt.mutant)
		c := gradertest.Named(t, Checks(m.Target), "valid-token-works")
		r := grader.RunCheck(context.Background(), c, c.Limit())
		switch {
		case r.Pass:
			t.Errorf("%s: valid-token-works passed", tt.mutant)
		case !strings.Contains(r.Got, tt.got) || strings.Contains(r.Got, tt.notInGot):
			t.Errorf("%s: got %q, want it to say %q and not %q", tt.mutant, r.Got, tt.got, tt.notInGot)
		case !strings.Contains(r.Hint, tt.hint):
			t.Errorf("%s: hint %q, want it to name %q", tt.mutant, r.Hint, tt.hint)
		}
	}
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
	serving = append(serving, "valid-token-works", "scheme-any-case", "scheme-extra-spaces", "basic-scheme-401", "bare-token-401",
		"every-method-guarded", "session-id-not-a-credential", "min-key-accepted", "differential")
	login := []string{"login-issues-token", "login-no-store", "login-wrong-password-invalid-grant", "login-malformed-invalid-request", "login-unknown-user-alike",
		"login-get-refused", "login-extra-fields-ignored", "login-answer-holds-no-secret", "login-expires-in", "logs-hold-no-credentials"}
	stage.AssertCrashesCaught(t, []gradertest.Crash[Target]{
		{Name: "middleware panics", Target: panicking, Checks: serving, Got: "your code panicked (assignment to entry in nil map)"},
		{Name: "NewServer panics", Target: newServerPanics, Checks: slices.Concat(serving, login, []string{"weak-key-refused", "nil-store-refused"}), Got: "panic: NewServer is not written yet"},
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
