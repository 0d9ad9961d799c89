package tui

import (
	"errors"
	"fmt"

	"authlab/grader"
	"authlab/internal/i18n"
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
			return statusError(i18n.T(i18n.TUIFileMissing, i18n.Args{"File": missing.Path}))
		}
		return statusError(i18n.T(i18n.TUIChecksBroken, i18n.Args{"Err": o.err}))
	}
	rep := o.report
	if rep == nil {
		return statusError(i18n.T(i18n.TUINoReport))
	}
	switch {
	case rep.Build != nil:
		if len(rep.Build.Errors) > 0 {
			e := rep.Build.Errors[0]
			return statusError(i18n.T(i18n.TUINoCompileAt, i18n.Args{"Where": fmt.Sprintf("%s:%d", e.File, e.Line), "Message": e.Message}))
		}
		return statusError(i18n.T(i18n.TUINoCompileSee))
	case rep.Crash != "":
		return statusError(i18n.T(i18n.TUICrashedSee))
	case rep.Passed:
		next, ok := nextStage(l, stageID)
		switch {
		case ok && o.passedBefore:
			return statusSuccess(i18n.T(i18n.TUIStillPasses, i18n.Args{"Title": next.Title}))
		case ok:
			return statusSuccess(i18n.T(i18n.TUIStagePassed, i18n.Args{"Title": next.Title}))
		}
		return statusSuccess(i18n.T(i18n.TUICourseComplete))
	}
	passed, total := rep.Counts()
	first := rep.FirstFailure()
	if first == nil {
		return statusWarn(i18n.T(i18n.TUIStageNotPassed))
	}
	if rep.Deep != nil {
		return statusWarn(i18n.T(i18n.TUIDeepFails, i18n.Args{"Name": first.Name}))
	}
	return statusWarn(i18n.T(i18n.TUIFixFirst, i18n.Args{"Passed": passed, "Total": total, "Name": first.Name}))
}
