package probe

import "testing"

func TestLeaked(t *testing.T) {
	secrets := []Secret{{"the secret", "abcdefghijklmnopqrstuvwxyz"}, {"the password", "pw-0123"}}
	nearMiss := Secret{"a near miss", "abcdefghijklmnopqrstuvwxyZ"}
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
		if label != tt.label || piece != tt.piece {
			t.Errorf("Leaked(%q) = %q, %q; want %q, %q", tt.output, label, piece, tt.label, tt.piece)
		}
	}
}
