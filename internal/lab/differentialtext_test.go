package lab

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/i18n"
)

// TestDifferentialTextsInKorean shows a Korean learner both halves of a
// differential failure in Korean: what the reference model accepts, and
// what came back with why it is wrong, whose parts are nested phrases.
func TestDifferentialTextsInKorean(t *testing.T) {
	alice := &probe.Identity{UserID: "alice", Scopes: []string{"Admin.Write"}}
	bearer401 := probe.Refusal{Status: 401, Challenge: true, Error: "invalid_token"}
	tests := []struct {
		name    string
		want    oracle.Expect
		ex      probe.Exchange
		eff     probe.Effect
		english []string // English that must not be left in the Korean
	}{
		{"server error", oracle.Allowed(), probe.Exchange{Status: 500}, probe.Effect{},
			[]string{"a server error", "the request gets through"}},
		{"refused yet must get through", oracle.Allowed(), probe.Exchange{Status: 401, WWWAuthenticate: "Bearer"}, probe.Effect{},
			[]string{"it was refused", "must get through"}},
		{"through yet must be refused", oracle.Refused(bearer401), probe.Exchange{Status: 200}, probe.Effect{Reached: true},
			[]string{"reached the MCP handler", "yet it must be refused"}},
		{"tool ran", oracle.AnyRefusal(), probe.Exchange{Status: 200}, probe.Effect{Ran: []string{"delete_product"}},
			[]string{"ran, yet", "a refusal (4xx"}},
		{"not a refusal", oracle.AnyRefusal(), probe.Exchange{Status: 204}, probe.Effect{},
			[]string{"not a refusal"}},
		{"tool sees another user", oracle.Expect{{Allow: true, Identity: alice}}, probe.Exchange{Status: 200},
			probe.Effect{Reached: true, Identities: []probe.Identity{{Known: true, UserID: "bob"}}},
			[]string{"the tool says user", "no permissions", "the tools see user"}},
		{"context holds no claims", oracle.Expect{{Allow: true, Identity: alice}}, probe.Exchange{Status: 200},
			probe.Effect{Reached: true, Identities: []probe.Identity{{Context: true}}},
			[]string{"no verified claims"}},
		{"wrong refusal, two answers accepted", oracle.Refused(bearer401).Or(oracle.AnyRefusal()), probe.Exchange{Status: 200},
			probe.Effect{Reached: true}, []string{", or ", "yet it must be refused"}},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i18n.Use(i18n.English)
			dis := tt.want.Judge(&tt.ex, tt.eff, "")
			if dis == nil {
				t.Fatal("Judge accepted the answer; want a disagreement")
			}
			english := dis.Expected + " / " + dis.Got
			if !containsAny(english, tt.english) {
				t.Fatalf("English = %q, want it to say one of %q", english, tt.english)
			}
			res := grader.CheckResult{ID: "c", Expected: dis.Expected, ExpectedPhrase: dis.ExpectedPhrase, Got: dis.Got, GotPhrases: dis.GotPhrases}
			i18n.Use(i18n.Korean)
			rep := &grader.Report{Checks: []grader.CheckResult{res}}
			localReport("per-tool-rbac", rep, nil)
			r := rep.Checks[0]
			for _, text := range []string{r.Expected, r.Got} {
				if containsAny(text, tt.english) || !hasHangul(text) {
					t.Errorf("Korean text = %q: it falls back to English", text)
				}
			}
			if !strings.HasPrefix(r.Got, res.Got[:3]) {
				t.Errorf("Korean got = %q lost the status %q", r.Got, res.Got[:3])
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestExpectAnswerTextsInKorean sends a token that is not a bearer token to
// a server that lets everything through: tokenlab.ExpectAnswer's failure,
// expected answer and reason alike, reads in Korean.
func TestExpectAnswerTextsInKorean(t *testing.T) {
	lab, err := probe.Start(func(next http.Handler) (http.Handler, error) { return next, nil })
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	session, closeSession, err := lab.DirectSession(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer closeSession()
	t.Cleanup(func() { i18n.Use(i18n.English) })
	i18n.Use(i18n.English)
	req := tokenlab.ToolCallRequest(session, "create_product", map[string]string{"Authorization": "Bearer"})
	err = tokenlab.ExpectAnswer(t.Context(), lab, grader.Literal("a token that is not one"), req, tokenlab.Malformed, "")
	var f *grader.Failure
	if !errors.As(err, &f) {
		t.Fatalf("ExpectAnswer = %v, want a *grader.Failure", err)
	}
	english := []string{"yet it must be refused", ", or "}
	if !strings.Contains(f.Got, english[0]) || !strings.Contains(f.Expected, english[1]) {
		t.Fatalf("English = %q / %q, want it to say %q", f.Expected, f.Got, english)
	}
	res := grader.CheckResult{ID: "c", Expected: f.Expected, ExpectedPhrase: f.ExpectedPhrase, Got: f.Got, GotPhrases: f.GotPhrases}
	i18n.Use(i18n.Korean)
	rep := &grader.Report{Checks: []grader.CheckResult{res}}
	localReport("jwt", rep, nil)
	for _, text := range []string{rep.Checks[0].Expected, rep.Checks[0].Got} {
		if containsAny(text, english) || !hasHangul(text) {
			t.Errorf("Korean text = %q: it falls back to English", text)
		}
	}
}
