package tui

import (
	"errors"
	"fmt"

	"authlab/grader"
	"authlab/internal/lab"
)

// statusKind says how a status message is styled.
type statusKind int

const (
	kindInfo statusKind = iota
	kindSuccess
	kindWarn
	kindError
)

// status is the one-line message at the bottom of the screen.
type status struct {
	text string
	kind statusKind
}

func statusInfo(text string) status    { return status{text, kindInfo} }
func statusSuccess(text string) status { return status{text, kindSuccess} }
func statusWarn(text string) status    { return status{text, kindWarn} }
func statusError(text string) status   { return status{text, kindError} }

// runSummary says in one line what a finished run means and what to do next.
func runSummary(l *lab.Lab, stageID string, o *outcome) status {
	if o.err != nil {
		if errors.Is(o.err, grader.ErrNoGoTool) {
			return statusError(o.err.Error())
		}
		var missing *lab.MissingFileError
		if errors.As(o.err, &missing) {
			return statusError(fmt.Sprintf("%s is missing: press r to put the starter back.", missing.Path))
		}
		return statusError(fmt.Sprintf("The checks could not run: %v. Press c to try again.", o.err))
	}
	rep := o.report
	if rep == nil {
		return statusError("The grader returned no report. Press c to try again.")
	}
	switch {
	case rep.Build != nil:
		if len(rep.Build.Errors) > 0 {
			e := rep.Build.Errors[0]
			return statusError(fmt.Sprintf("Your code does not compile: %s:%d: %s", e.File, e.Line, e.Message))
		}
		return statusError("Your code does not compile: see the Checks tab (2).")
	case rep.Crash != "":
		return statusError("The test process crashed before every check reported: see the Checks tab (2).")
	case rep.Passed:
		next, ok := nextStage(l, stageID)
		switch {
		case ok && o.passedBefore:
			return statusSuccess(fmt.Sprintf("Stage still passes. Press n to go on to %q.", next.Title))
		case ok:
			return statusSuccess(fmt.Sprintf("Stage passed! %q is unlocked: press n to go on.", next.Title))
		}
		return statusSuccess("Stage passed, and that was the last one: the course is complete!")
	}
	passed, total := rep.Counts()
	first := rep.FirstFailure()
	if first == nil {
		return statusWarn("The stage did not pass: see the Checks tab (2).")
	}
	if rep.Deep != nil {
		return statusWarn(fmt.Sprintf("Step 1 passes; a deep check fails: %s (Checks tab, 2).", first.Name))
	}
	return statusWarn(fmt.Sprintf("%d/%d checks pass. Fix first: %s (Checks tab, 2).", passed, total, first.Name))
}
