package lab

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"authlab/grader"
	"authlab/grader/basicauthcheck"
	"authlab/grader/jwtauthcheck"
	"authlab/grader/oracle"
	"authlab/grader/pertoolcheck"
	"authlab/grader/rbaccheck"
	"authlab/grader/refreshcheck"
	"authlab/internal/i18n"
	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
)

// englishSentence matches three lowercase English words in a row: the
// start of a sentence, as opposed to a header name, a status line or a
// tool name, which stay as they are in any language.
var englishSentence = regexp.MustCompile(`\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b`)

// quoted matches a quoted value: what the learner's server answered, shown
// as it is in any language.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// sentence returns the first English sentence of text outside its quoted
// values, or "".
func sentence(text string) string {
	return englishSentence.FindString(quoted.ReplaceAllString(text, `""`))
}

// TestCheckFailuresReadInKorean runs checks of every stage against code
// that fails them and shows each failure's card in Korean: whatever the
// English says in sentences (what was sent, what was expected, what came
// back, a differential's changes among them, and the hint a check chose
// for the cause it found) reads in Korean, with no English sentence left.
func TestCheckFailuresReadInKorean(t *testing.T) {
	passThrough := func(next http.Handler) (http.Handler, error) { return next, nil }
	unguarded := func(_ jwtconfig.Config, next http.Handler) (http.Handler, error) { return next, nil }
	basic := basicauthcheck.Target{Protect: passThrough}
	perTool := pertoolcheck.Target{Protect: func(*mcp.Server) {}}
	jwt := jwtauthcheck.Target{NewServer: unguarded,
		Login: func(context.Context, string, string, string) (string, error) { return "not-the-token", nil }}
	rbac := rbaccheck.Target{NewServer: unguarded}
	refresh := refreshcheck.Target{
		NewServer: func(_ jwtconfig.Config, _ *refreshstore.Store, next http.Handler) (http.Handler, error) {
			return next, nil
		},
		NewTransport: func(base http.RoundTripper, _, _, _ string) http.RoundTripper { return base },
	}
	tests := []struct {
		stage, check string
		checks       []grader.Check
	}{
		{"basic-auth", "missing-header-401", basicauthcheck.Checks(basic)},
		{"basic-auth", "unset-secret-refused", basicauthcheck.Checks(basic)},
		{"basic-auth", "every-method-guarded", basicauthcheck.Checks(basic)},
		{"basic-auth", "differential", basicauthcheck.Checks(basic)},
		{"jwt", "every-method-guarded", jwtauthcheck.Checks(jwt)},
		{"jwt", "bad-signature-401", jwtauthcheck.Checks(jwt)},
		{"jwt", "login-wrong-password-invalid-grant", jwtauthcheck.Checks(jwt)},
		{"jwt", "client-login", jwtauthcheck.Checks(jwt)},
		{"rbac", "nil-user-store-refused", rbaccheck.Checks(rbac)},
		{"rbac", "invalid-token-401", rbaccheck.Checks(rbac)},
		{"rbac", "checked-every-request", rbaccheck.Checks(rbac)},
		{"rbac", "session-id-not-credential", rbaccheck.Checks(rbac)},
		{"refresh", "login-issues-refresh-token", refreshcheck.Checks(refresh)},
		{"refresh", "client-refreshes-and-retries", refreshcheck.Checks(refresh)},
		{"refresh", "refresh-config-refused", refreshcheck.Checks(refresh)},
		{"per-tool-rbac", "delete-needs-admin", pertoolcheck.Checks(perTool)},
		{"per-tool-rbac", "list-shows-allowed-tools", pertoolcheck.Checks(perTool)},
		{"per-tool-rbac", "differential", pertoolcheck.Checks(perTool)},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.stage+"/"+tt.check, func(t *testing.T) {
			i18n.Use(i18n.English)
			c := checkNamed(t, tt.checks, tt.check)
			res := grader.RunCheck(oracle.WithScale(t.Context(), 0.1), c, c.Limit())
			if res.Pass {
				t.Fatal("the check passed; want it to fail")
			}
			english := []string{res.Sent, res.Expected, res.Got, res.Hint}
			rep := &grader.Report{Checks: []grader.CheckResult{res}}
			i18n.Use(i18n.Korean)
			localReport(tt.stage, rep, tt.checks)
			r := rep.Checks[0]
			for i, korean := range []string{r.Sent, r.Expected, r.Got, r.Hint} {
				field := []string{"sent", "expected", "got", "hint"}[i]
				if sentence(english[i]) == "" {
					continue // data alone: a status, a header, a quoted value
				}
				if !hasHangul(korean) {
					t.Errorf("%s = %q: it is still English", field, korean)
				}
				if s := sentence(korean); s != "" {
					t.Errorf("%s = %q: %q is left in English", field, korean, s)
				}
			}
		})
	}
}

// checkNamed returns the check of checks with id.
func checkNamed(t *testing.T, checks []grader.Check, id string) grader.Check {
	t.Helper()
	for _, c := range checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %q", id)
	return grader.Check{}
}
