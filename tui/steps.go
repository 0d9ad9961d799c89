package tui

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"authlab/grader"
	"authlab/internal/i18n"
)

// A stage with deep checks passes in two steps: its checks (the fast tier,
// on every save), then, once they all pass, its deep checks (the deep tier:
// the race detector, larger differential budgets, concurrent callers).

// preparingDeep says what the deep tier's first build costs.
func preparingDeep() string { return i18n.T(i18n.TUIPreparingDeep) }

// progressText says where a run is: its step, when the stage has two, and
// what that step is doing, for the status line and the Checks tab alike.
func (r *activeRun) progressText() string {
	var text string
	switch {
	case r.tier == grader.TierDeep && r.phase == grader.PhaseCompiling:
		text = preparingDeep()
	case r.tier == grader.TierDeep:
		text = fmt.Sprintf("%s %d/%d", deepLabel(r.race), r.done, r.total())
	case r.phase == grader.PhaseCompiling:
		text = i18n.T(i18n.TUICompiling)
	default:
		text = i18n.T(i18n.TUIChecksProgress, i18n.Args{"Done": r.done, "Total": r.total()})
	}
	if r.deepTotal == 0 {
		return capitalize(text)
	}
	return i18n.T(i18n.TUIStepOf, i18n.Args{"Step": stepOf(r.tier), "What": text})
}

// deepLabel names the deep checks, with the race detector or without it.
func deepLabel(race string) string {
	if race != "" {
		return i18n.T(i18n.TUIDeepNoRace)
	}
	return i18n.T(i18n.TUIDeepRace)
}

// stepOf is the step, counting from 1, a tier is.
func stepOf(t grader.Tier) int {
	if t == grader.TierDeep {
		return 2
	}
	return 1
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// replayCommand is the command that sends a report's variants again.
func replayCommand(rep *grader.Report) string {
	return fmt.Sprintf("authlab check %s --seed %d", rep.Stage, rep.Seed)
}

// deepPending says why the deep checks have no results yet.
func deepPending(o *outcome) string {
	if o != nil && o.report != nil && o.report.Deep == nil {
		return i18n.T(i18n.TUIDeepWaitFast)
	}
	return i18n.T(i18n.TUIDeepWhen)
}
