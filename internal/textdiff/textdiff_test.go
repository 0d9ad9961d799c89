package textdiff

import "testing"

func TestLinesIsMinimal(t *testing.T) {
	lines := Lines("a\nb\nc\nd\n", "a\nc\nd\ne\n")
	edits := 0
	for _, l := range lines {
		if l.Op != Equal {
			edits++
		}
	}
	if edits != 2 {
		t.Errorf("got %d edits (%v), want 2: delete b, insert e", edits, lines)
	}
}
