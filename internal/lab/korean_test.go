package lab

import (
	"strings"
	"testing"
	"unicode"

	"authlab/internal/i18n"
	"authlab/internal/labcopy"
	"authlab/lessons"
)

// TestKoreanLearnerReadsLabErrorsInKorean makes each error while English is
// in use and reads it after Korean is chosen: errors made before the
// learner's language is known still speak it.
func TestKoreanLearnerReadsLabErrorsInKorean(t *testing.T) {
	t.Cleanup(func() { i18n.Use(i18n.English) })
	i18n.Use(i18n.English)
	l, err := Open(labcopy.Root(t))
	if err != nil {
		t.Fatal(err)
	}
	_, unknownStage := l.Stage("no-such-stage")
	_, _, ungraded := l.Check(t.Context(), lessons.Stage{ID: "no-such-stage"}, Exercise, CheckOptions{})
	for _, tc := range []struct {
		name    string
		err     error
		english string
	}{
		{"not a lab", ErrNotALab, "this folder is not inside"},
		{"unknown stage", unknownStage, "no stage"},
		{"stage without checks", ungraded, "is not in grader/stages"},
		{"missing file", &MissingFileError{Path: "exercises/basicauth/middleware.go"}, "is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error; want one")
			}
			i18n.Use(i18n.English)
			if english := tc.err.Error(); !strings.Contains(english, tc.english) {
				t.Fatalf("English text = %q, want it to say %q", english, tc.english)
			}
			i18n.Use(i18n.Korean)
			text := tc.err.Error()
			hangul := strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
			if strings.Contains(text, tc.english) || !hangul {
				t.Errorf("Korean text = %q: it falls back to English", text)
			}
		})
	}
}
