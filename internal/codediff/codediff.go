// Package codediff shows how a learner's file differs from the reference
// solution the way the TUI's Diff tab and `authlab diff` both do: the hunks
// that change code, the rest folded into one line each.
package codediff

import (
	"strings"

	"authlab/internal/i18n"
	"authlab/internal/textdiff"
)

// Context is how many unchanged lines are shown around a change.
const Context = 3

// Row is one row of a code diff: a line of a hunk, or a fold standing for
// the lines left out between hunks.
type Row struct {
	Line textdiff.Line
	Fold string // set for a fold: what it leaves out
}

// String is the row as plain text: a fold's text, or the line after its
// "-" (the learner's), "+" (the solution's) or " " (both).
func (r Row) String() string {
	switch {
	case r.Fold != "":
		return r.Fold
	case r.Line.Op == textdiff.Delete:
		return "-" + r.Line.Text
	case r.Line.Op == textdiff.Insert:
		return "+" + r.Line.Text
	}
	return " " + r.Line.Text
}

// Rows keeps the changes to code with a few unchanged lines around
// them, and folds the rest: unchanged lines, and the changes that touch
// only comments and blank lines (a package doc that differs, a TODO the
// solution drops), which are noise beside the code. It returns no row
// when only such changes differ.
func Rows(lines []textdiff.Line, context int) []Row {
	shown := make([]bool, len(lines))
	for start := 0; start < len(lines); {
		end := start
		for end < len(lines) && lines[end].Op != textdiff.Equal {
			end++
		}
		if end > start && !commentsOnly(lines[start:end]) {
			for i := start; i < end; i++ {
				shown[i] = true
			}
			for i := start - 1; i >= max(start-context, 0) && lines[i].Op == textdiff.Equal; i-- {
				shown[i] = true
			}
			for i := end; i < min(end+context, len(lines)) && lines[i].Op == textdiff.Equal; i++ {
				shown[i] = true
			}
		}
		start = max(end, start+1)
	}
	var rows []Row
	anyShown := false
	for i := 0; i < len(lines); {
		if shown[i] {
			rows = append(rows, Row{Line: lines[i]})
			anyShown = true
			i++
			continue
		}
		j := i
		for j < len(lines) && !shown[j] {
			j++
		}
		rows = append(rows, Row{Fold: foldText(lines[i:j])})
		i = j
	}
	if !anyShown {
		return nil
	}
	return rows
}

// commentsOnly reports whether every line is a comment or blank.
func commentsOnly(lines []textdiff.Line) bool {
	for _, l := range lines {
		text := strings.TrimSpace(l.Text)
		if text != "" && !strings.HasPrefix(text, "//") {
			return false
		}
	}
	return true
}

// foldText says what a fold leaves out: so many of the learner's lines,
// unchanged or differing only in comments.
func foldText(lines []textdiff.Line) string {
	yours, changed := 0, 0
	for _, l := range lines {
		if l.Op != textdiff.Insert {
			yours++
		}
		if l.Op != textdiff.Equal {
			changed++
		}
	}
	n := yours
	if n == 0 { // comments the solution has where the learner has none
		n = changed
	}
	if changed > 0 {
		return i18n.T(i18n.TUIDiffCommentLines, i18n.Args{"Count": n})
	}
	return i18n.T(i18n.TUIDiffUnchanged, i18n.Args{"Count": n})
}
