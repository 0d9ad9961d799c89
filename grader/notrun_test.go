package grader

import (
	"strings"
	"testing"
	"unicode"

	"authlab/internal/i18n"
)

// TestNotRunSpeaksKorean gives every reason a check did not run in phrases
// the Korean catalog translates, its English unchanged.
func TestNotRunSpeaksKorean(t *testing.T) {
	checks := []Check{{ID: "a"}, {ID: "b"}}
	tests := []struct {
		name    string
		results []CheckResult
		english string
	}{
		{"does not compile", notRun(checks, phraseNoCompile.Say(nil)), "not run: the package does not compile"},
		{"stopped", ordered(checks, nil, ""), "not run: the test process stopped before this check"},
		{"stopped by a crash", ordered(checks, nil, "signal: killed\nmore"), "not run: signal: killed"},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range tt.results {
				if r.Got != tt.english || JoinPhrases(r.GotPhrases) != r.Got {
					t.Fatalf("got = %q in phrases %+v, want %q said in them", r.Got, r.GotPhrases, tt.english)
				}
				i18n.Use(i18n.Korean)
				p := r.GotPhrases[0]
				korean := i18n.PhraseText(p.ID, p.Args, p.Text)
				i18n.Use(i18n.English)
				if strings.Contains(korean, "not run") || !strings.ContainsFunc(korean, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
					t.Errorf("Korean got = %q: it falls back to English", korean)
				}
			}
		})
	}
}
