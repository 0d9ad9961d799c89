package textdiff

import "testing"

func TestUnified(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "x\ny\n", "x\ny\n", ""},
		{"empty to one line", "", "a\n", "--- a\n+++ b\n@@ -1,0 +1,1 @@\n+a\n"},
		{"one change in the middle", "1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nX\n5\n6\n7\n",
			"--- a\n+++ b\n@@ -2,5 +2,5 @@\n 2\n 3\n-4\n+X\n 5\n 6\n"},
		{"two far changes make two hunks", "a\n1\n2\n3\n4\n5\n6\nb\n", "A\n1\n2\n3\n4\n5\n6\nB\n",
			"--- a\n+++ b\n@@ -1,3 +1,3 @@\n-a\n+A\n 1\n 2\n@@ -6,3 +6,3 @@\n 5\n 6\n-b\n+B\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unified("a", "b", tt.a, tt.b, 2); got != tt.want {
				t.Errorf("Unified() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

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
