package codediff

import (
	"slices"
	"strings"
	"testing"

	"authlab/internal/textdiff"
)

// rowsText writes rows one a line, as String does.
func rowsText(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.String())
	}
	return out
}

func TestRows(t *testing.T) {
	numbered := func(from, to int) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			b.WriteString("x" + strings.Repeat("i", i) + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name       string
		mine, ref  string
		context    int
		want       []string
		wantNoRows bool
	}{
		{
			name:    "unchanged lines away from a change fold",
			mine:    numbered(1, 10) + "old()\n" + numbered(11, 20),
			ref:     numbered(1, 10) + "new()\n" + numbered(11, 20),
			context: 2,
			want: []string{
				"⋯ 8 unchanged lines",
				" x" + strings.Repeat("i", 9), " x" + strings.Repeat("i", 10),
				"-old()", "+new()",
				" x" + strings.Repeat("i", 11), " x" + strings.Repeat("i", 12),
				"⋯ 8 unchanged lines",
			},
		},
		{
			name:    "a package doc that differs folds with the unchanged lines",
			mine:    "// Package a: fill in the TODOs.\npackage a\n\nfunc F() {}\n" + numbered(1, 5) + "old()\n",
			ref:     "// Package a is the reference solution.\n//\n// It explains itself.\npackage a\n\nfunc F() {}\n" + numbered(1, 5) + "new()\n",
			context: 1,
			want:    []string{"⋯ 8 lines, only comments differ", " xiiiii", "-old()", "+new()"},
		},
		{
			name:    "a comment the solution adds where the learner has none",
			mine:    "a()\n\nb()\nold()\n",
			ref:     "a()\n// why b\n\nb()\nnew()\n",
			context: 0,
			want:    []string{"⋯ 3 lines, only comments differ", "-old()", "+new()"},
		},
		{
			name:    "a TODO next to the code replacing it shows with it",
			mine:    "func F() {\n\t// TODO: check the secret\n}\n",
			ref:     "func F() {\n\tcheck(secret)\n}\n",
			context: 1,
			want:    []string{" func F() {", "-\t// TODO: check the secret", "+\tcheck(secret)", " }"},
		},
		{
			name:       "only comments differ",
			mine:       "// TODO: explain\nfunc F() {}\n",
			ref:        "// F explains itself.\nfunc F() {}\n",
			context:    3,
			wantNoRows: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := Rows(textdiff.Lines(tt.mine, tt.ref), tt.context)
			if tt.wantNoRows {
				if rows != nil {
					t.Errorf("Rows = %q, want no rows", rowsText(rows))
				}
				return
			}
			if got := rowsText(rows); !slices.Equal(got, tt.want) {
				t.Errorf("Rows =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
