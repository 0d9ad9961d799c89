package tui

import (
	"strings"

	"authlab/internal/i18n"
	"authlab/internal/textdiff"
)

// diffContext is how many unchanged lines the Diff tab shows around a
// change.
const diffContext = 3

// diffRow is one row of the Diff tab: a line of a hunk, or a fold standing
// for the lines left out between hunks.
type diffRow struct {
	line textdiff.Line
	fold string // set for a fold: what it leaves out
}

// diffRows keeps the changes to code with a few unchanged lines around
// them, and folds the rest: unchanged lines, and the changes that touch
// only comments and blank lines (a package doc that differs, a TODO the
// solution drops), which are noise beside the code. It returns no row
// when only such changes differ.
func diffRows(lines []textdiff.Line, context int) []diffRow {
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
	var rows []diffRow
	anyShown := false
	for i := 0; i < len(lines); {
		if shown[i] {
			rows = append(rows, diffRow{line: lines[i]})
			anyShown = true
			i++
			continue
		}
		j := i
		for j < len(lines) && !shown[j] {
			j++
		}
		rows = append(rows, diffRow{fold: foldText(lines[i:j])})
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
