package lab

import (
	"testing"

	"authlab/grader"
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
