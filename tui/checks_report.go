package tui

import (
	"fmt"
	"path"
	"strings"

	"charm.land/lipgloss/v2"

	"authlab/grader"
	"authlab/internal/i18n"
	"authlab/lessons"
)

// reportBlocks renders what a finished run says as a whole: the verdict,
// the counts of each step, and how to replay a failing run.
func (t *checksTab) reportBlocks(o *outcome) []string {
	s, st, w := t.state, t.com.styles, t.Width()
	rep := o.report
	var blocks []string
	if o.restored {
		entry := path.Join(s.stage.ExerciseDir(), lessons.EntryFile)
		blocks = append(blocks, st.note.Width(w).Render(i18n.T(i18n.TUIEntryRestored, i18n.Args{"Entry": entry, "Edit": s.stage.Edit})))
	}
	deep := rep.Deep
	switch {
	case rep.Passed:
		text := glyphPass + " " + i18n.T(i18n.TUIAllPass, i18n.Args{"Count": len(rep.Checks)})
		if deep != nil {
			text = glyphPass + " " + i18n.T(i18n.TUIAllPassDeep, i18n.Args{"Count": len(rep.Checks) + len(deep.Checks)})
		}
		switch {
		case s.hasNext && o.passedBefore:
			text += " " + i18n.T(i18n.TUIGoOnTo, i18n.Args{"Title": s.next.Title})
		case s.hasNext:
			text += " " + i18n.T(i18n.TUINowUnlocked, i18n.Args{"Title": s.next.Title})
		default:
			text += " " + i18n.T(i18n.TUILastStage)
		}
		blocks = append(blocks, st.celebrate.Width(w).Render(text))
	case rep.Build != nil:
		blocks = append(blocks, st.fail.Width(w).Render(glyphFail+" "+i18n.T(i18n.TUIDoesNotCompile, i18n.Args{"Dir": s.stage.ExerciseDir()})))
		blocks = append(blocks, t.buildErrors(rep.Build))
		blocks = append(blocks, st.muted.Width(w).Render(i18n.T(i18n.TUINoneCouldRun, i18n.Args{"Count": len(rep.Checks)})))
		return blocks
	case rep.Crash != "":
		blocks = append(blocks, t.crash(i18n.T(i18n.TUICrashed), rep.Crash)...)
	case deep != nil:
		verdict := st.fail.Width(w).Render(glyphFail + " " + i18n.T(i18n.TUIDeepCheckFails))
		switch {
		case deep.Build != nil:
			blocks = append(blocks, verdict, t.buildErrors(deep.Build))
		case deep.Crash != "":
			blocks = append(append(blocks, verdict), t.crash(i18n.T(i18n.TUIDeepCrashed), deep.Crash)...)
		default:
			// The verdict and the counts read as one block, so that the
			// failure card below shows without scrolling at 80×24.
			return append(blocks, verdict+"\n"+st.muted.Width(w).Render(counts(rep)), t.replay(rep))
		}
	}
	blocks = append(blocks, st.muted.Width(w).Render(counts(rep)))
	if !rep.Passed {
		blocks = append(blocks, t.replay(rep))
	}
	return blocks
}

// replay says which seed drew a failing run's variants, and the command
// that sends them again, on a line of its own so that it is never broken.
func (t *checksTab) replay(rep *grader.Report) string {
	st, w := t.com.styles, t.Width()
	return st.muted.Width(w).Render(i18n.T(i18n.TUISeedReplay, i18n.Args{"Seed": rep.Seed})) + "\n" +
		wholeLine(replayCommand(rep), fieldIndent, w)
}

// counts says how many checks of each step passed, and how long it took.
func counts(rep *grader.Report) string {
	passed, total := rep.Counts()
	text := i18n.T(i18n.TUIChecksPassCount, i18n.Args{"Passed": passed, "Total": total})
	elapsed := rep.Elapsed
	if deep := rep.Deep; deep != nil {
		passed, total = deep.Counts()
		text += i18n.T(i18n.TUIDeepPassCount, i18n.Args{"Passed": passed, "Total": total})
		elapsed += deep.Elapsed
	}
	return text + fmt.Sprintf(" · %.1fs", elapsed.Seconds())
}

// buildErrors lists a compile failure's errors with their file:line.
func (t *checksTab) buildErrors(b *grader.BuildFailure) string {
	var lines []string
	for _, e := range b.Errors {
		at := fmt.Sprintf("%s:%d", e.File, e.Line)
		if e.Column > 0 {
			at += fmt.Sprintf(":%d", e.Column)
		}
		lines = append(lines, at+": "+e.Message)
	}
	if len(lines) == 0 {
		lines = []string{clip(b.Output, maxCrashLines)}
	}
	return lipgloss.NewStyle().PaddingLeft(2).Width(t.Width()).Render(strings.Join(lines, "\n"))
}

// crash renders a test process that died before every check reported.
func (t *checksTab) crash(title, output string) []string {
	st, w := t.com.styles, t.Width()
	return []string{st.fail.Width(w).Render(glyphFail + " " + title), st.muted.PaddingLeft(2).Width(w).Render(clip(output, maxCrashLines))}
}
