package probe

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"authlab/grader"
)

func TestRefusalJudge(t *testing.T) {
	noToken := Refusal{Status: 401, Challenge: true}
	invalid := Refusal{Status: 401, Challenge: true, Error: "invalid_token"}
	scope := Refusal{Status: 403, Challenge: true, Error: "insufficient_scope", Scope: "User.Read"}
	tests := []struct {
		want   Refusal
		status int
		header string
		says   string // "" means the answer is right
	}{
		{noToken, 401, "Bearer", ""},
		{noToken, 401, `Bearer realm="authlab"`, ""},
		{noToken, 401, `bearer realm="x"`, ""},
		{noToken, 403, "Bearer", "status is 403"},
		{noToken, 401, "", "no WWW-Authenticate"},
		{noToken, 401, `Basic realm="x"`, "scheme is Basic"},
		{noToken, 401, `Bearer error="invalid_token"`, "no credential was sent"},
		{invalid, 401, `Bearer error="invalid_token"`, ""},
		{invalid, 401, `Bearer realm="a", error="invalid_token", error_description="expired"`, ""},
		{invalid, 401, `Bearer error=invalid_token`, "must be a quoted string"},
		{invalid, 401, `Bearer realm="a"`, "carries no error code"},
		{invalid, 401, `Bearer error="invalid_request"`, `not "invalid_token"`},
		{scope, 403, `Bearer error="insufficient_scope", scope="User.Read"`, ""},
		{scope, 403, `Bearer error="insufficient_scope", scope="user.read"`, "scope is"},
		{scope, 403, `Bearer error="insufficient_scope"`, "scope is"},
		{Refusal{Status: 403}, 403, "", ""},
	}
	for _, tt := range tests {
		got := tt.want.Judge(tt.status, tt.header)
		switch {
		case tt.says == "" && got != "":
			t.Errorf("Judge(%d, %q) for %s = %q, want it right", tt.status, tt.header, tt.want.Expected(), got)
		case tt.says != "" && !strings.Contains(got, tt.says):
			t.Errorf("Judge(%d, %q) for %s = %q, want it to say %q", tt.status, tt.header, tt.want.Expected(), got, tt.says)
		}
	}
}

func TestEchoes(t *testing.T) {
	ex := &Exchange{Body: "token abcdefgh1234 is not valid", Header: http.Header{"X-Debug": {"saw abcdefgh1234"}}}
	if got := Echoes(ex, "abcdefgh1234"); !strings.Contains(got, "body") {
		t.Errorf("Echoes = %q, want the body named", got)
	}
	ex.Body = "Forbidden"
	if got := Echoes(ex, "abcdefgh1234"); !strings.Contains(got, "X-Debug") {
		t.Errorf("Echoes = %q, want the header named", got)
	}
	if got := Echoes(ex, "short"); got != "" {
		t.Errorf("Echoes of a short credential = %q, want nothing", got)
	}
	if got := Credential("Bearer  abc.def"); got != "abc.def" {
		t.Errorf("Credential = %q", got)
	}
}

// TestLateHeadersAreNamed serves middleware that sets WWW-Authenticate
// after http.Error and checks that the refusal's failure says so.
func TestLateHeadersAreNamed(t *testing.T) {
	lab, err := Start(func(next http.Handler) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			w.Header().Set("WWW-Authenticate", "Bearer")
		}), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	ctx := context.Background()
	session, closeSession, err := lab.DirectSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSession()
	err = lab.ExpectRefused(ctx, session, grader.Literal("no header"), nil, Refusal{Status: 401, Challenge: true})
	if err == nil || !strings.Contains(err.Error(), "set WWW-Authenticate after the status was written") {
		t.Fatalf("err = %v, want the late header named", err)
	}
}

// TestRefusalFailureInPhrases serves middleware that gets a refusal wrong
// and checks that the failure's Got is said in phrases authlab can
// translate, whose English is Got itself.
func TestRefusalFailureInPhrases(t *testing.T) {
	tests := []struct {
		name    string
		handler func(next http.Handler) http.Handler
		ids     []string
	}{
		{"passes through", func(next http.Handler) http.Handler { return next },
			[]string{"exchange.no-www-authenticate", "refusal.wrong-status", "refusal.reached", "refusal.tool-ran"}},
		{"late header", func(http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				w.Header().Set("WWW-Authenticate", "Bearer")
			})
		}, []string{"exchange.no-www-authenticate", "refusal.no-challenge", "refusal.late-headers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lab, err := Start(func(next http.Handler) (http.Handler, error) { return tt.handler(next), nil })
			if err != nil {
				t.Fatal(err)
			}
			defer lab.Close()
			ctx := context.Background()
			session, closeSession, err := lab.DirectSession(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer closeSession()
			var f *grader.Failure
			if err := lab.ExpectRefused(ctx, session, grader.Literal("no header"), nil, Refusal{Status: 401, Challenge: true}); !errors.As(err, &f) {
				t.Fatalf("err = %v, want a *grader.Failure", err)
			}
			ids := make([]string, len(f.GotPhrases))
			for i, p := range f.GotPhrases {
				ids[i] = p.ID
			}
			if !slices.Equal(ids, tt.ids) {
				t.Errorf("phrase ids = %q, want %q (got %q)", ids, tt.ids, f.Got)
			}
			if grader.JoinPhrases(f.GotPhrases) != f.Got {
				t.Errorf("phrases say %q, Got says %q", grader.JoinPhrases(f.GotPhrases), f.Got)
			}
			if p := f.ExpectedPhrase; p == nil || p.ID != "refusal.expected-challenge" || p.Text != f.Expected {
				t.Errorf("ExpectedPhrase = %+v, want refusal.expected-challenge saying %q", p, f.Expected)
			}
		})
	}
}
