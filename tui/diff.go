package tui

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"authlab/internal/codediff"
	"authlab/internal/i18n"
	"authlab/internal/textdiff"
	"authlab/lessons"
)

// diffTab shows how the learner's exercise file differs from the reference
// solution: the hunks that change code, coloured, the rest folded.
type diffTab struct {
	pager
	stage    lessons.Stage
	revealed bool
}

func newDiffTab(com *common) *diffTab {
	return &diffTab{pager: newPager(com)}
}

// Show computes the diff for the stage (when revealed) and shows it from the
// top.
func (t *diffTab) Show(s lessons.Stage, revealed bool) {
	t.stage, t.revealed = s, revealed
	t.SetContent(t.render())
}

// Reload computes the diff again after the exercise file changed, keeping
// the scroll position.
func (t *diffTab) Reload() { t.Refresh(t.render()) }

// SetSize fits the diff to the new size.
func (t *diffTab) SetSize(width, height int) {
	resized := width != t.Width()
	t.pager.SetSize(width, height)
	if resized {
		t.Refresh(t.render())
	}
}

func (t *diffTab) render() string {
	st := t.com.styles
	if t.Width() <= 0 {
		return ""
	}
	wrap := func(s string) string { return st.muted.Width(t.Width()).Render(s) }
	if !t.revealed {
		return wrap(i18n.T(i18n.TUIDiffHidden))
	}
	mine, err := t.com.lab.ExerciseText(t.stage)
	if errors.Is(err, fs.ErrNotExist) {
		return st.errorText.Width(t.Width()).Render(i18n.T(i18n.TUIDiffFileMissing, i18n.Args{"File": t.stage.ExerciseFile()}))
	}
	if err != nil {
		return st.errorText.Width(t.Width()).Render(i18n.T(i18n.TUIReadFailed, i18n.Args{"File": t.stage.ExerciseFile(), "Err": err}))
	}
	ref, err := t.com.lab.SolutionText(t.stage)
	if err != nil {
		return st.errorText.Width(t.Width()).Render(i18n.T(i18n.TUIReadFailed, i18n.Args{"File": t.stage.SolutionFile(), "Err": err}))
	}
	lines := textdiff.Lines(expandTabs(mine), expandTabs(ref))
	if !slices.ContainsFunc(lines, func(l textdiff.Line) bool { return l.Op != textdiff.Equal }) {
		return st.pass.Width(t.Width()).Render(i18n.T(i18n.TUINoDifferences, i18n.Args{"File": t.stage.ExerciseFile()}))
	}
	rows := codediff.Rows(lines, codediff.Context)
	if rows == nil {
		return st.pass.Width(t.Width()).Render(i18n.T(i18n.TUIOnlyComments, i18n.Args{"File": t.stage.ExerciseFile()}))
	}
	out := []string{
		wrap(i18n.T(i18n.TUIDiffLegend)),
		"",
		st.diffHeader.Render("--- " + t.stage.ExerciseFile()),
		st.diffHeader.Render("+++ " + t.stage.SolutionFile()),
	}
	for _, r := range rows {
		out = append(out, t.renderRow(r)...)
	}
	return strings.Join(out, "\n")
}

// renderRow renders a row of the diff, wrapped to the tab's width.
func (t *diffTab) renderRow(r codediff.Row) []string {
	st := t.com.styles
	if r.Fold != "" {
		return []string{st.diffHunk.Render(r.Fold)}
	}
	prefix, style := " ", lipgloss.NewStyle()
	switch r.Line.Op {
	case textdiff.Delete:
		prefix, style = "-", st.diffDelete
	case textdiff.Insert:
		prefix, style = "+", st.diffAdd
	}
	rows := wrapCode(prefix+r.Line.Text, t.Width(), 1, continuation)
	for i, row := range rows {
		rows[i] = style.Render(row)
	}
	return rows
}
