package probe

import (
	"context"
	"strings"
	"testing"

	"authlab/grader"
)

func TestLeaked(t *testing.T) {
	secrets := []Secret{{"the secret", "abcdefghijklmnopqrstuvwxyz"}, {"the password", "pw-0123"}}
	tests := []struct {
		output, label string
	}{
		{"refused: bad credential", ""},
		{"got Bearer abcdefghijklmnopqrstuvwxyz", "the secret"},
		{"token starts with abcdefghijkl...", "the secret"},
		{"token ends with ...opqrstuvwxyz", "the secret"},
		{"abcdefghijk", ""}, // 11 characters: too short to tell
		{"login pw-0123", "the password"},
	}
	for _, tt := range tests {
		if label, _ := Leaked(tt.output, secrets); label != tt.label {
			t.Errorf("Leaked(%q) = %q, want %q", tt.output, label, tt.label)
		}
	}
}

func TestQuietLogsCheckTurnsAPanicIntoAFailure(t *testing.T) {
	c := QuietLogsCheck("a request", func(context.Context) ([]Secret, error) {
		var m map[string]bool
		m["x"] = true // panics: assignment to entry in nil map
		return nil, nil
	})
	r := grader.RunCheck(context.Background(), c, grader.CheckDeadline)
	if r.Pass || !strings.Contains(r.Got, "assignment to entry in nil map") {
		t.Errorf("result = %+v, want a failure naming the panic", r)
	}
}
