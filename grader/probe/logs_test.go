package probe

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"

	"authlab/grader"
	"authlab/internal/i18n"
)

func TestLeaked(t *testing.T) {
	secrets := []Secret{{grader.Literal("the secret"), "abcdefghijklmnopqrstuvwxyz"}, {grader.Literal("the password"), "pw-0123"}}
	nearMiss := Secret{grader.Literal("a near miss"), "abcdefghijklmnopqrstuvwxyZ"}
	tests := []struct {
		output, label, piece string
	}{
		{"refused: bad credential", "", ""},
		{"got Bearer abcdefghijklmnopqrstuvwxyz", "the secret", "abcdefghijklmnopqrstuvwxyz"},
		{"token starts with abcdefghijkl...", "the secret", "abcdefghijkl"},
		{"token ends with ...opqrstuvwxyz", "the secret", "opqrstuvwxyz"},
		{"abcdefghijk", "", ""}, // 11 characters: too short to tell
		{"login pw-0123", "the password", "pw-0123"},
		// A near miss shows whole: it is named, not the secret it shares
		// most of its characters with.
		{"refused Bearer abcdefghijklmnopqrstuvwxyZ", "a near miss", "abcdefghijklmnopqrstuvwxyZ"},
		// The longest run that shows is the piece, so that it can be
		// replaced whole.
		{"refused abcdefghijklmnopqrstuvwxy!", "the secret", "abcdefghijklmnopqrstuvwxy"},
	}
	for _, tt := range tests {
		label, piece := Leaked(tt.output, append(secrets, nearMiss))
		if label.Text != tt.label || piece != tt.piece {
			t.Errorf("Leaked(%q) = %q, %q; want %q, %q", tt.output, label.Text, piece, tt.label, tt.piece)
		}
	}
}

func TestQuietLogsCheckTurnsAPanicIntoAFailure(t *testing.T) {
	c := QuietLogsCheck(grader.Literal("a request"), func(context.Context) ([]Secret, error) {
		var m map[string]bool
		m["x"] = true // panics: assignment to entry in nil map
		return nil, nil
	})
	r := grader.RunCheck(context.Background(), c, grader.CheckDeadline)
	if r.Pass || !strings.Contains(r.Got, "assignment to entry in nil map") {
		t.Errorf("result = %+v, want a failure naming the panic", r)
	}
	saysKorean(t, r)
}

// TestQuietLogsCheckFailsOnAHang checks that code which never returns fails
// the check, saying it blocks, rather than passing with nothing printed.
func TestQuietLogsCheckFailsOnAHang(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	c := QuietLogsCheck(grader.Literal("a request"), func(context.Context) ([]Secret, error) {
		<-release
		return nil, nil
	})
	r := grader.RunCheck(context.Background(), c, 200*time.Millisecond)
	if r.Pass || !strings.Contains(r.Got, "blocking") || r.Hint != grader.HangHint {
		t.Errorf("got pass %v, %q, hint %q; want a failure that says the code blocks, with the hang hint", r.Pass, r.Got, r.Hint)
	}
	saysKorean(t, r)
}

// saysKorean fails unless what r got and expected are phrases the Korean
// catalog translates.
func saysKorean(t *testing.T, r grader.CheckResult) {
	t.Helper()
	if len(r.GotPhrases) == 0 || r.ExpectedPhrase == nil || grader.JoinPhrases(r.GotPhrases) != r.Got {
		t.Fatalf("got %q in phrases %+v, expected phrase %+v: want both said in phrases", r.Got, r.GotPhrases, r.ExpectedPhrase)
	}
	i18n.Use(i18n.Korean)
	defer i18n.Use(i18n.English)
	for _, p := range append([]grader.Phrase{*r.ExpectedPhrase}, r.GotPhrases...) {
		text := i18n.PhraseText(p.ID, p.Args, p.Text)
		if text == p.Text || !strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
			t.Errorf("Korean %q: it falls back to English", text)
		}
	}
}
