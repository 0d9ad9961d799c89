package lab

import (
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/stages"
	"authlab/internal/i18n"
)

// TestCheckTextsInKorean shows a stage's checks in Korean where the catalog
// translates them, and English elsewhere; in a report only the texts that
// are the check's own change, never a failure's own words.
func TestCheckTextsInKorean(t *testing.T) {
	gs, ok := stages.Lookup("basic-auth")
	if !ok {
		t.Fatal("no basic-auth stage")
	}
	first := gs.Checks[0]
	failureHint := "a hint this failure wrote for the cause it found"
	tests := []struct {
		lang               string
		wantName, wantHint string
	}{
		{i18n.English, first.Name, first.Hint},
		{i18n.Korean, "Authorization 헤더가 없으면 WWW-Authenticate: Bearer와 함께 401로 응답한다",
			"r.Header.Get(\"Authorization\")이 비어 있으면 WWW-Authenticate: Bearer를 설정하고 401로 응답한 뒤, next를 호출하지 말고 return하세요."},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			i18n.Use(tt.lang)
			checks := localChecks("basic-auth", gs.Checks)
			if checks[0].Name != tt.wantName || checks[0].Hint != tt.wantHint {
				t.Errorf("check = %q / %q, want %q / %q", checks[0].Name, checks[0].Hint, tt.wantName, tt.wantHint)
			}
			if gs.Checks[0].Name != first.Name {
				t.Errorf("the stage's own check list was changed: %q", gs.Checks[0].Name)
			}
			rep := &grader.Report{
				Checks: []grader.CheckResult{{ID: first.ID, Name: first.Name, Hint: first.Hint, Expected: "403"}},
				Deep:   &grader.Report{Checks: []grader.CheckResult{{ID: first.ID, Name: first.Name, Hint: failureHint}}},
			}
			localReport("basic-auth", rep, gs.Checks)
			if r := rep.Checks[0]; r.Name != tt.wantName || r.Hint != tt.wantHint || r.Expected != "403" {
				t.Errorf("result = %q / %q / %q", r.Name, r.Hint, r.Expected)
			}
			if r := rep.Deep.Checks[0]; r.Name != tt.wantName || r.Hint != failureHint {
				t.Errorf("deep result = %q / %q, want the failure's own hint kept", r.Name, r.Hint)
			}
		})
	}
}

// TestFailurePhrasesInKorean translates what a failure got when it said so
// in phrases, keeps what no catalog translates (the server's own answer)
// and leaves a got rewritten after the phrases were said in English.
func TestFailurePhrasesInKorean(t *testing.T) {
	status := grader.Phrase{ID: "refusal.wrong-status", Args: map[string]string{"Got": "200", "Want": "401"}, Text: "the status is 200, not 401"}
	answer := grader.Literal("200 OK, WWW-Authenticate: Bearer")
	phrases := []grader.Phrase{answer, status}
	english := grader.JoinPhrases(phrases)
	tests := []struct {
		name, lang, got string
		phrases         []grader.Phrase
		want            string
	}{
		{"english", i18n.English, english, phrases, english},
		{"korean", i18n.Korean, english, phrases, "200 OK, WWW-Authenticate: Bearer; 상태 코드가 200임 (기대한 코드: 401)"},
		{"rewritten", i18n.Korean, english + "; and more", phrases, english + "; and more"},
		{"no phrases", i18n.Korean, "EOF", nil, "EOF"},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i18n.Use(tt.lang)
			rep := &grader.Report{Deep: &grader.Report{Checks: []grader.CheckResult{{ID: "some-check", Got: tt.got, GotPhrases: tt.phrases}}}}
			localReport("basic-auth", rep, nil)
			if got := rep.Deep.Checks[0].Got; got != tt.want {
				t.Errorf("Got = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestExpectedPhraseInKorean translates what a failure expected when a
// phrase says it, and keeps a text the phrase does not say.
func TestExpectedPhraseInKorean(t *testing.T) {
	expected := grader.Phrase{ID: "refusal.expected", Args: map[string]string{"Status": "403 Forbidden"},
		Text: "403 Forbidden, and the request stops in your middleware"}
	tests := []struct {
		lang, expected, want string
	}{
		{i18n.English, expected.Text, expected.Text},
		{i18n.Korean, expected.Text, "403 Forbidden, 그리고 요청은 미들웨어에서 멈춤"},
		{i18n.Korean, "403", "403"},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		i18n.Use(tt.lang)
		rep := &grader.Report{Checks: []grader.CheckResult{{ID: "some-check", Expected: tt.expected, ExpectedPhrase: &expected}}}
		localReport("basic-auth", rep, nil)
		if got := rep.Checks[0].Expected; got != tt.want {
			t.Errorf("%s: Expected = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

// TestCauseHintInKorean translates the hint a failure picked for its cause,
// wherever it was set, and leaves any other hint of a failure as it is.
func TestCauseHintInKorean(t *testing.T) {
	const own = "a hint this failure wrote for itself"
	tests := []struct {
		lang, hint, want string
	}{
		{i18n.English, grader.HangHint, grader.HangHint},
		{i18n.Korean, grader.HangHint, "코드의 어딘가가 영원히 기다립니다"},
		{i18n.Korean, probe.EchoHint, "거부는 \"Unauthorized\" 같은 고정된 메시지로"},
		{i18n.Korean, own, own},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		i18n.Use(tt.lang)
		rep := &grader.Report{Checks: []grader.CheckResult{{ID: "some-check", Hint: tt.hint}}}
		localReport("basic-auth", rep, nil)
		if got := rep.Checks[0].Hint; !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: Hint = %.60q, want it to start %q", tt.lang, got, tt.want)
		}
	}
}
