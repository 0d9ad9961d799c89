package progress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"authlab/internal/i18n"
)

// speaksKorean reports whether text has Hangul and none of the English of
// the message it should translate.
func speaksKorean(text string, english ...string) bool {
	for _, e := range english {
		if strings.Contains(text, e) {
			return false
		}
	}
	return strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
}

// TestKoreanLearnerReadsProgressTroublesInKorean makes each trouble while
// English is in use and reads its text after Korean is chosen, as the TUI
// does when it opens progress before the learner's language is known.
func TestKoreanLearnerReadsProgressTroublesInKorean(t *testing.T) {
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tc := range []struct {
		name    string
		make    func(t *testing.T) func() string
		english []string
	}{
		{"corrupt file set aside", warningFor(`{"version": 1, "passed": {`),
			[]string{"Your progress file", "is not valid JSON", "the lab starts fresh"}},
		{"unknown format set aside", warningFor(`{"version": 99, "passed": {}}`),
			[]string{"Your progress file", "has format version", "this authlab reads"}},
		{"unreadable path", func(t *testing.T) func() string {
			_, err := Open(t.TempDir())
			if err == nil {
				t.Fatal("Open on a directory succeeded; want an error")
			}
			return err.Error
		}, []string{"reading progress"}},
		{"save into a folder that is a file", func(t *testing.T) func() string {
			dir := filepath.Join(t.TempDir(), "state")
			s, err := Open(filepath.Join(dir, "progress.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			err = s.MarkPassed("basic-auth", time.Now())
			if err == nil {
				t.Fatal("MarkPassed saved into a folder that is a file; want an error")
			}
			return err.Error
		}, []string{"saving progress"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i18n.Use(i18n.English)
			read := tc.make(t)
			if english := read(); !strings.Contains(english, tc.english[0]) {
				t.Fatalf("English text = %q, want it to say %q", english, tc.english[0])
			}
			i18n.Use(i18n.Korean)
			if text := read(); !speaksKorean(text, tc.english...) {
				t.Errorf("Korean text = %q: it falls back to English", text)
			}
		})
	}
}

// warningFor opens a progress file holding content and returns how to read
// the warning about setting it aside.
func warningFor(content string) func(t *testing.T) func() string {
	return func(t *testing.T) func() string {
		path := filepath.Join(t.TempDir(), "progress.json")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		return s.Warning
	}
}
