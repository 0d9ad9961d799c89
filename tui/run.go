package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"authlab/grader"
	"authlab/internal/lab"
	"authlab/lessons"
)

// A grader run goes like this: startRun hands Bubble Tea two commands. One
// grades the exercise (lab.Check) and forwards every progress event, then the
// result, into a channel; the other reads that channel one message at a time
// and is issued again after each message. Every message carries the run's
// id, so a run that a newer one replaced (and cancelled) is ignored.

// runEventMsg is one progress event of a grader run.
type runEventMsg struct {
	run   int
	event grader.Event
}

// runDoneMsg ends a grader run.
type runDoneMsg struct {
	run      int
	report   *grader.Report
	restored bool
	err      error
}

// warmDoneMsg ends a background warm-up build.
type warmDoneMsg struct {
	warm int
	err  error
}

// activeRun is the grader run in progress.
type activeRun struct {
	id     int
	stage  string
	cancel context.CancelFunc
	// messages delivers the run's events and its result, in order.
	messages <-chan tea.Msg
	phase    grader.Phase
	done     int // checks finished so far
	total    int
}

// outcome is what the last run of a stage produced, filled in live.
type outcome struct {
	live     []grader.CheckResult // results as they arrived
	report   *grader.Report       // set when the run finished
	restored bool
	err      error
}

// result returns the result of the check with the given id, from the report
// if there is one, else from the live results.
func (o *outcome) result(id string) (grader.CheckResult, bool) {
	results := o.live
	if o.report != nil {
		results = o.report.Checks
	}
	for _, r := range results {
		if r.ID == id {
			return r, true
		}
	}
	return grader.CheckResult{}, false
}

// runMessages reads the next message of a run from its channel.
func runMessages(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// startRun cancels any run or warm-up going on and grades the stage's
// exercise.
func (m *model) startRun(s lessons.Stage) tea.Cmd {
	m.cancelRun()
	m.cancelWarm()
	m.runSeq++
	id := m.runSeq
	ctx, cancel := context.WithCancel(m.com.ctx)
	ch := make(chan tea.Msg, 16)
	m.run = &activeRun{id: id, stage: s.ID, cancel: cancel, messages: ch, phase: grader.PhaseCompiling, total: len(m.com.lab.Checks(s))}
	m.outcomes[s.ID] = &outcome{}
	l, jobs := m.com.lab, m.com.jobs
	grade := func() tea.Msg {
		defer jobs.start()()
		defer close(ch)
		send := func(msg tea.Msg) {
			select {
			case ch <- msg:
			case <-ctx.Done():
			}
		}
		rep, restored, err := l.Check(ctx, s, lab.Exercise, lab.CheckOptions{OnEvent: func(ev grader.Event) {
			send(runEventMsg{run: id, event: ev})
		}})
		send(runDoneMsg{run: id, report: rep, restored: restored, err: err})
		return nil
	}
	m.refreshChecks()
	return tea.Batch(grade, runMessages(ch), m.spinner.Tick)
}

// cancelRun stops the run in progress, if any.
func (m *model) cancelRun() {
	if m.run != nil {
		m.run.cancel()
		m.run = nil
		m.refreshChecks()
	}
}

// onRunEvent records a progress event of the current run.
func (m *model) onRunEvent(msg runEventMsg) {
	m.run.phase = msg.event.Phase
	if c := msg.event.Check; c != nil {
		m.run.done++
		o := m.outcomes[m.run.stage]
		o.live = append(o.live, *c)
	}
	m.refreshChecks()
}

// onRunDone records the result of the current run and says what it means.
func (m *model) onRunDone(msg runDoneMsg) {
	if m.run == nil || msg.run != m.run.id {
		return
	}
	stageID := m.run.stage
	m.run.cancel()
	m.run = nil
	o := m.outcomes[stageID]
	o.report, o.restored, o.err = msg.report, msg.restored, msg.err
	if errors.Is(msg.err, context.Canceled) {
		delete(m.outcomes, stageID)
		m.refreshChecks()
		return
	}
	m.syncReveal()
	m.refreshChecks()
	m.setStatus(runSummary(m.com.lab, stageID, o))
}

// startWarm builds the stage's exercise in the background so that the first
// check only compiles what the learner changed.
func (m *model) startWarm(s lessons.Stage) tea.Cmd {
	m.cancelWarm()
	if !m.com.lab.Unlocked(s.ID) {
		return nil
	}
	m.warmSeq++
	id := m.warmSeq
	ctx, cancel := context.WithCancel(m.com.ctx)
	m.warmCancel = cancel
	l, jobs := m.com.lab, m.com.jobs
	return func() tea.Msg {
		defer jobs.start()()
		return warmDoneMsg{warm: id, err: l.Warm(ctx, s)}
	}
}

// cancelWarm stops the warm-up in progress, if any: a check does the same
// work, so there is no point in doing it twice.
func (m *model) cancelWarm() {
	if m.warmCancel != nil {
		m.warmCancel()
		m.warmCancel = nil
	}
}

// onWarmDone reports a warm-up that could not run at all. A warm-up that
// failed because the learner's code does not compile says nothing: the
// checks will show why.
func (m *model) onWarmDone(msg warmDoneMsg) {
	if msg.warm != m.warmSeq {
		return
	}
	m.cancelWarm()
	if errors.Is(msg.err, grader.ErrNoGoTool) {
		m.setStatus(statusError(msg.err.Error()))
	}
}
