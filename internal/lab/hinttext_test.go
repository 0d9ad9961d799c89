package lab

import (
	"context"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/i18n"
)

// TestRuntimeHintsInKorean runs checks whose failure chose its hint or
// detail at run time: said in phrases, or as a declared hint's English,
// they read in Korean and stay the same English in English; a hint
// rewritten after it was said stays as it is.
func TestRuntimeHintsInKorean(t *testing.T) {
	defaultClient, ok := grader.FixedPhrase(probe.HintDefaultClient)
	if !ok {
		t.Fatal("probe.HintDefaultClient is not a declared phrase")
	}
	lineEnglish := "the line, with the credential replaced by its name: log: <secret>"
	line := grader.Phrase{ID: "detail.probe.line-named", Args: map[string]string{"Line": "log: <secret>"}, Text: lineEnglish}
	tests := []struct {
		name                     string
		fail                     func() *grader.Failure
		wantHint, wantDetail     string
		koreanHint, koreanDetail string
	}{
		{"hint said in a phrase", func() *grader.Failure { return failure().SayHint(defaultClient) },
			probe.HintDefaultClient, "", "직접 만든 트랜스포트로", ""},
		{"detail said in a phrase", func() *grader.Failure { return failure().SayDetail(line) },
			"check hint", lineEnglish, "", "자격 증명을 그 이름으로 바꾼 줄: log: <secret>"},
		{"declared hint set as text", func() *grader.Failure { f := failure(); f.Hint = probe.HintDefaultClient; return f },
			probe.HintDefaultClient, "", "직접 만든 트랜스포트로", ""},
		{"hint rewritten after its phrase", func() *grader.Failure {
			f := failure().SayHint(defaultClient)
			f.Hint += " More."
			return f
		}, probe.HintDefaultClient + " More.", "", probe.HintDefaultClient + " More.", ""},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := grader.Check{ID: "x", Hint: "check hint", Run: func(context.Context) error { return tt.fail() }}
			i18n.Use(i18n.English)
			res := grader.RunCheck(t.Context(), c, c.Limit())
			rep := &grader.Report{Checks: []grader.CheckResult{res}}
			localReport("basic-auth", rep, nil)
			if r := rep.Checks[0]; r.Hint != tt.wantHint || r.Detail != tt.wantDetail {
				t.Errorf("English hint / detail = %q / %q, want %q / %q", r.Hint, r.Detail, tt.wantHint, tt.wantDetail)
			}
			i18n.Use(i18n.Korean)
			rep = &grader.Report{Checks: []grader.CheckResult{res}}
			localReport("basic-auth", rep, nil)
			r := rep.Checks[0]
			if tt.koreanHint != "" && !strings.Contains(r.Hint, tt.koreanHint) {
				t.Errorf("Korean hint = %q, want it to hold %q", r.Hint, tt.koreanHint)
			}
			if tt.koreanDetail != "" && r.Detail != tt.koreanDetail {
				t.Errorf("Korean detail = %q, want %q", r.Detail, tt.koreanDetail)
			}
		})
	}
}

// failure returns a failure of phrases for the tests to give a hint or a
// detail.
func failure() *grader.Failure {
	return grader.Fail(grader.Phrase{}, grader.Literal("401"), grader.Literal("200"))
}
