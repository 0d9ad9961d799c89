package tui

import (
	"strings"

	"github.com/alecthomas/chroma/v2/quick"

	"authlab/internal/i18n"
	"authlab/lessons"
)

// solutionTab shows the reference solution of the stage's exercise file,
// syntax highlighted, once the learner has asked for it.
type solutionTab struct {
	pager
	stage    lessons.Stage
	revealed bool
	source   string
	err      error
}

func newSolutionTab(com *common) *solutionTab {
	return &solutionTab{pager: newPager(com)}
}

// Show loads the stage's solution (when revealed) and shows it from the top.
func (t *solutionTab) Show(s lessons.Stage, revealed bool) {
	t.stage, t.revealed = s, revealed
	t.source, t.err = "", nil
	if revealed {
		t.source, t.err = t.com.lab.SolutionText(s)
	}
	t.SetContent(t.render())
}

// SetSize lays the code out again for the new size.
func (t *solutionTab) SetSize(width, height int) {
	resized := width != t.Width()
	t.pager.SetSize(width, height)
	if resized {
		t.Refresh(t.render())
	}
}

// Restyle highlights the code again after the background changed.
func (t *solutionTab) Restyle() { t.Refresh(t.render()) }

func (t *solutionTab) render() string {
	st := t.com.styles
	switch {
	case t.Width() <= 0:
		return ""
	case !t.revealed:
		return st.muted.Width(t.Width()).Render(
			i18n.T(i18n.TUISolutionHidden))
	case t.err != nil:
		return st.errorText.Width(t.Width()).Render(i18n.T(i18n.TUISolutionUnreadable, i18n.Args{"File": t.stage.SolutionFile(), "Err": t.err}))
	}
	header := st.muted.Width(t.Width()).Render(i18n.T(i18n.TUISolutionHeader, i18n.Args{"File": t.stage.SolutionFile()}))
	return header + "\n\n" + highlightGo(t.source, t.Width(), st.isDark, st.muted.Render(continuation))
}

// highlightGo colours Go source for a dark or light background and wraps
// it to width at spaces, each row carrying its own colours and each
// continuation row its line's indentation and marker.
func highlightGo(src string, width int, dark bool, marker string) string {
	src = expandTabs(src)
	style := "github"
	if dark {
		style = "github-dark"
	}
	var b strings.Builder
	if err := quick.Highlight(&b, src, "go", "terminal16m", style); err == nil {
		src = ownLines(b.String())
	}
	var rows []string
	for _, line := range strings.Split(src, "\n") {
		rows = append(rows, wrapCode(line, width, 0, marker)...)
	}
	return strings.Join(rows, "\n")
}

// expandTabs replaces tabs, which have no fixed width in a terminal, with
// four spaces.
func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }
