package tui

import (
	"fmt"
	"path"
	"strings"

	"charm.land/lipgloss/v2"

	"authlab/grader"
	"authlab/lessons"
)

// Limits that keep the Checks tab readable.
const (
	detailedFailures = 3  // failures shown with sent/expected/got
	maxValueLines    = 8  // lines of one detail value
	maxCrashLines    = 12 // lines of a crash's output
)

// checksState is everything the Checks tab shows for one stage.
type checksState struct {
	stage    lessons.Stage
	locked   bool
	previous lessons.Stage // the stage to pass first, when locked
	next     lessons.Stage // the stage a pass unlocks
	hasNext  bool
	checks   []grader.Check
	outcome  *outcome   // nil before the first run
	run      *activeRun // nil unless a run of this stage is going on
	spinner  string
}

// checksTab shows the stage's checks and what the last run said about each,
// filled in live while a run goes on.
type checksTab struct {
	pager
	state checksState
}

func newChecksTab(com *common) *checksTab {
	return &checksTab{pager: newPager(com)}
}

// Show replaces what the tab shows, keeping the scroll position.
func (t *checksTab) Show(s checksState) {
	t.state = s
	t.Refresh(t.render())
}

// SetSize lays the tab out again for the new size.
func (t *checksTab) SetSize(width, height int) {
	resized := width != t.Width()
	t.pager.SetSize(width, height)
	if resized {
		t.Refresh(t.render())
	}
}

// Restyle renders the tab again after the background changed.
func (t *checksTab) Restyle() { t.Refresh(t.render()) }

// ScrollTop shows the tab from its first line.
func (t *checksTab) ScrollTop() { t.vp.GotoTop() }

func (t *checksTab) render() string {
	if t.Width() <= 0 {
		return ""
	}
	s, st := t.state, t.com.styles
	var blocks []string
	add := func(style lipgloss.Style, text string) {
		blocks = append(blocks, style.Width(t.Width()).Render(text))
	}
	if s.locked {
		add(st.note, fmt.Sprintf("This stage is locked: pass %q first (press p to go back). You can read this stage's lesson meanwhile.", s.previous.Title))
	}
	o := s.outcome
	switch {
	case s.run != nil:
		text := "Compiling your code…"
		if s.run.phase == grader.PhaseRunning {
			text = fmt.Sprintf("Running checks… %d/%d", s.run.done, s.run.total)
		}
		add(st.bold, s.spinner+" "+text)
	case o == nil:
		if !s.locked {
			add(st.muted, "Press c to run the checks, or just save your file while watch mode is on.")
		}
	case o.err != nil:
		add(st.errorText, runSummary(t.com.lab, s.stage.ID, o).text)
	case o.report != nil:
		blocks = append(blocks, t.reportBlocks(o)...)
		if o.report.Build != nil {
			return strings.Join(blocks, "\n\n")
		}
	}
	blocks = append(blocks, t.checkList())
	return strings.Join(blocks, "\n\n")
}

// reportBlocks renders what a finished run says as a whole.
func (t *checksTab) reportBlocks(o *outcome) []string {
	s, st, w := t.state, t.com.styles, t.Width()
	rep := o.report
	var blocks []string
	if o.restored {
		entry := path.Join(s.stage.ExerciseDir(), lessons.EntryFile)
		blocks = append(blocks, st.note.Width(w).Render(fmt.Sprintf(
			"Note: %s, the grader's entry file, had been changed or deleted; it was restored. Edit only %s.", entry, s.stage.Edit)))
	}
	switch {
	case rep.Passed:
		text := glyphPass + fmt.Sprintf(" All %d checks pass: stage complete!", len(rep.Checks))
		if s.hasNext {
			text += fmt.Sprintf(" %q is now unlocked: press n to go on.", s.next.Title)
		} else {
			text += " That was the last stage: well done!"
		}
		blocks = append(blocks, st.celebrate.Width(w).Render(text))
	case rep.Build != nil:
		blocks = append(blocks, st.fail.Width(w).Render(glyphFail+" "+s.stage.ExerciseDir()+" does not compile:"))
		var lines []string
		for _, e := range rep.Build.Errors {
			at := fmt.Sprintf("%s:%d", e.File, e.Line)
			if e.Column > 0 {
				at += fmt.Sprintf(":%d", e.Column)
			}
			lines = append(lines, at+": "+e.Message)
		}
		if len(lines) == 0 {
			lines = []string{clip(rep.Build.Output, maxCrashLines)}
		}
		blocks = append(blocks, lipgloss.NewStyle().PaddingLeft(2).Width(w).Render(strings.Join(lines, "\n")))
		blocks = append(blocks, st.muted.Width(w).Render(fmt.Sprintf("None of the %d checks could run. Fix the first error and save.", len(rep.Checks))))
		return blocks
	case rep.Crash != "":
		blocks = append(blocks,
			st.fail.Width(w).Render(glyphFail+" The test process crashed before every check reported:"),
			st.muted.PaddingLeft(2).Width(w).Render(clip(rep.Crash, maxCrashLines)))
	}
	passed, total := rep.Counts()
	blocks = append(blocks, st.muted.Width(w).Render(fmt.Sprintf("%d/%d checks pass · %.1fs", passed, total, rep.Elapsed.Seconds())))
	return blocks
}

// checkList renders every check with its mark, and the details of the first
// failures.
func (t *checksTab) checkList() string {
	s, st, w := t.state, t.com.styles, t.Width()
	if len(s.checks) == 0 {
		return st.muted.Width(w).Render("This stage has no checks registered.")
	}
	var lines []string
	failures := 0
	for _, c := range s.checks {
		r, ok := grader.CheckResult{}, false
		if s.outcome != nil {
			r, ok = s.outcome.result(c.ID)
		}
		switch {
		case !ok:
			lines = append(lines, t.mark(st.pending, glyphPending, c.Name))
		case r.Pass:
			lines = append(lines, t.mark(st.pass, glyphPass, c.Name))
		default:
			failures++
			lines = append(lines, t.mark(st.fail, glyphFail, c.Name))
			if failures <= detailedFailures {
				lines = append(lines, t.details(r), "")
			}
		}
	}
	if more := failures - detailedFailures; more > 0 {
		lines = append(lines, "", st.muted.Width(w).Render(fmt.Sprintf(
			"%d more failing checks: fix the ones above first, their details follow.", more)))
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// mark renders one check's line: its glyph and its name, wrapped under the
// name.
func (t *checksTab) mark(style lipgloss.Style, glyph, name string) string {
	return lipgloss.JoinHorizontal(lipgloss.Top, style.Render(glyph+" "), lipgloss.NewStyle().Width(t.Width()-2).Render(name))
}

// details renders what a failed check sent, expected and got.
func (t *checksTab) details(r grader.CheckResult) string {
	var rows []string
	for _, f := range []struct{ label, value string }{
		{"Sent", r.Sent},
		{"Expected", r.Expected},
		{"Got (your code)", r.Got},
		{"Detail", r.Detail},
		{"Hint", r.Hint},
	} {
		if strings.TrimSpace(f.value) != "" {
			rows = append(rows, t.field(f.label, f.value))
		}
	}
	return strings.Join(rows, "\n")
}

// field renders one labelled value, the value wrapped beside its label.
func (t *checksTab) field(label, value string) string {
	const indent, labelWidth = 2, 17
	st := t.com.styles
	style := lipgloss.NewStyle()
	if label == "Hint" {
		style = st.note
	}
	valueWidth := max(t.Width()-indent-labelWidth, 10)
	return lipgloss.JoinHorizontal(lipgloss.Top,
		strings.Repeat(" ", indent),
		st.label.Width(labelWidth).Render(label),
		style.Width(valueWidth).Render(clip(value, maxValueLines)))
}

// clip trims text and keeps at most n lines of it, saying how many were
// left out.
func clip(text string, n int) string {
	lines := strings.Split(expandTabs(strings.TrimSpace(text)), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n… (%d more lines)", len(lines)-n)
}
