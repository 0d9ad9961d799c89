package probe

import "testing"

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
