package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"authlab/internal/textdiff"
	"authlab/lessons"
)

// diffTab shows how the learner's exercise file differs from the reference
// solution, as a coloured unified diff.
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
		return wrap("The diff against the reference solution gives the solution away, so it stays hidden until this stage passes.\n\n" +
			"Press d to see it anyway.")
	}
	mine, err := t.com.lab.ExerciseText(t.stage)
	if errors.Is(err, fs.ErrNotExist) {
		return st.errorText.Width(t.Width()).Render(fmt.Sprintf(
			"Your file %s is missing. Press r to put the starter back.", t.stage.ExerciseFile()))
	}
	if err != nil {
		return st.errorText.Width(t.Width()).Render(fmt.Sprintf("Reading %s failed: %v.", t.stage.ExerciseFile(), err))
	}
	ref, err := t.com.lab.SolutionText(t.stage)
	if err != nil {
		return st.errorText.Width(t.Width()).Render(fmt.Sprintf("Reading %s failed: %v.", t.stage.SolutionFile(), err))
	}
	diff := textdiff.Unified(t.stage.ExerciseFile(), t.stage.SolutionFile(), expandTabs(mine), expandTabs(ref), 3)
	if diff == "" {
		return st.pass.Width(t.Width()).Render(fmt.Sprintf(
			"No differences: your %s matches the reference solution.", t.stage.ExerciseFile()))
	}
	lines := strings.Split(strings.TrimSuffix(diff, "\n"), "\n")
	for i, line := range lines {
		switch {
		case i < 2: // the --- and +++ file names
			lines[i] = st.diffHeader.Render(line)
		case strings.HasPrefix(line, "@@"):
			lines[i] = st.diffHunk.Render(line)
		case strings.HasPrefix(line, "+"):
			lines[i] = st.diffAdd.Render(line)
		case strings.HasPrefix(line, "-"):
			lines[i] = st.diffDelete.Render(line)
		}
	}
	legend := wrap("- lines are yours, + lines are the reference solution's.")
	return legend + "\n\n" + strings.Join(lines, "\n")
}
