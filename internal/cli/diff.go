package cli

import (
	"fmt"
	"io"
	"slices"

	"authlab/internal/codediff"
	"authlab/internal/i18n"
	"authlab/internal/textdiff"
	"authlab/lessons"
)

// ANSI colours of `authlab diff` on a terminal.
const (
	colourDelete = "\x1b[31m" // red: the learner's lines
	colourInsert = "\x1b[32m" // green: the solution's
	colourFold   = "\x1b[2m"  // faint: what is left out
	colourHeader = "\x1b[1m"  // bold: the file names
	colourReset  = "\x1b[0m"
)

// printDiff prints how mine differs from the reference ref as the TUI's
// Diff tab shows it: the hunks that change code, the rest folded into
// "⋯ N unchanged lines" or "⋯ N lines, only comments differ". It is
// coloured only on a terminal.
func (c *call) printDiff(s lessons.Stage, mine, ref string) {
	writeDiff(c.Stdout, s, mine, ref, c.colour())
}

// writeDiff writes the diff of mine and ref; see printDiff.
func writeDiff(w io.Writer, s lessons.Stage, mine, ref string, colour bool) {
	lines := textdiff.Lines(mine, ref)
	rows := codediff.Rows(lines, codediff.Context)
	switch {
	case !slices.ContainsFunc(lines, func(l textdiff.Line) bool { return l.Op != textdiff.Equal }):
		fmt.Fprintln(w, i18n.T(i18n.CLIIdentical, i18n.Args{"File": s.ExerciseFile(), "Solution": s.SolutionFile()}))
		return
	case rows == nil:
		fmt.Fprintln(w, i18n.T(i18n.CLIOnlyComments, i18n.Args{"File": s.ExerciseFile()}))
		return
	}
	paint := func(code, text string) string {
		if !colour || code == "" {
			return text
		}
		return code + text + colourReset
	}
	fmt.Fprintln(w, paint(colourHeader, "--- "+i18n.T(i18n.CLIDiffYours, i18n.Args{"File": s.ExerciseFile()})))
	fmt.Fprintln(w, paint(colourHeader, "+++ "+i18n.T(i18n.CLIDiffSolution, i18n.Args{"File": s.SolutionFile()})))
	for _, r := range rows {
		code := ""
		switch {
		case r.Fold != "":
			code = colourFold
		case r.Line.Op == textdiff.Delete:
			code = colourDelete
		case r.Line.Op == textdiff.Insert:
			code = colourInsert
		}
		fmt.Fprintln(w, paint(code, r.String()))
	}
}

// colour reports whether stdout is a terminal that shows colours, and
// NO_COLOR (no-color.org) does not ask for none.
func (c *call) colour() bool {
	t := c.Getenv("TERM")
	return terminal(c.Stdout) && t != "" && t != "dumb" && c.Getenv("NO_COLOR") == ""
}
