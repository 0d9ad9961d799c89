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

// activeRun is the grader run in progress. It goes through the fast tier
// (step 1) and, when every fast check passes, the deep tier (step 2).
type activeRun struct {
	id     int
	stage  string
	cancel context.CancelFunc
	// messages delivers the run's events and its result, in order.
	messages <-chan tea.Msg
	tier     grader.Tier
	phase    grader.Phase
	// race says why the deep tier runs without the race detector.
	race      string
	done      int // checks of the current tier finished so far
	fastTotal int
	deepTotal int // 0 when the stage has no deep checks
}

// total is the number of checks in the run's current tier.
func (r *activeRun) total() int {
	if r.tier == grader.TierDeep {
		return r.deepTotal
	}
	return r.fastTotal
}

// outcome is what the last run of a stage produced, filled in live.
type outcome struct {
	live     map[grader.Tier][]grader.CheckResult // results as they arrived
	report   *grader.Report                       // set when the run finished
	restored bool
	err      error
	// passedBefore says the stage had passed before this run, so a pass
	// unlocks nothing new.
	passedBefore bool
}

// tierReport returns the finished report of tier t: nil before the run
// ends, and for the deep tier when it did not run.
func (o *outcome) tierReport(t grader.Tier) *grader.Report {
	if o.report == nil || t == grader.TierFast {
		return o.report
	}
	return o.report.Deep
}

// result returns the result of the check of tier t with the given id, from
// the report if there is one, else from the live results.
func (o *outcome) result(t grader.Tier, id string) (grader.CheckResult, bool) {
	results := o.live[t]
	if o.report != nil {
		results = nil
		if rep := o.tierReport(t); rep != nil {
			results = rep.Checks
		}
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
// exercise: a newer run always replaces an older one, whichever step the
// older one was in.
func (m *model) startRun(s lessons.Stage) tea.Cmd {
	m.cancelRun()
	m.cancelWarm()
	m.runSeq++
	id := m.runSeq
	ctx, cancel := context.WithCancel(m.com.ctx)
	ch := make(chan tea.Msg, 16)
	m.run = &activeRun{id: id, stage: s.ID, cancel: cancel, messages: ch, phase: grader.PhaseCompiling,
		fastTotal: len(m.com.lab.Checks(s)), deepTotal: len(m.com.lab.DeepChecks(s))}
	m.outcomes[s.ID] = &outcome{live: map[grader.Tier][]grader.CheckResult{}, passedBefore: m.com.lab.Progress.Passed(s.ID)}
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

// onRunEvent records a progress event of the current run. The first event
// of the deep tier starts step 2 and its own count.
func (m *model) onRunEvent(msg runEventMsg) {
	ev := msg.event
	if ev.Tier != m.run.tier {
		m.run.tier, m.run.done = ev.Tier, 0
	}
	m.run.phase = ev.Phase
	if ev.Race != "" {
		m.run.race = ev.Race
	}
	if c := ev.Check; c != nil {
		m.run.done++
		o := m.outcomes[m.run.stage]
		o.live[ev.Tier] = append(o.live[ev.Tier], *c)
	}
	m.refreshChecks()
}

// onRunDone records the result of the current run and says what it means.
// A run that graded the code but stopped before the deep tier hands the
// background over to the race detector's warm-up.
func (m *model) onRunDone(msg runDoneMsg) tea.Cmd {
	if m.run == nil || msg.run != m.run.id {
		return nil
	}
	stageID := m.run.stage
	m.run.cancel()
	m.run = nil
	o := m.outcomes[stageID]
	o.report, o.restored, o.err = msg.report, msg.restored, msg.err
	if errors.Is(msg.err, context.Canceled) {
		delete(m.outcomes, stageID)
		m.refreshChecks()
		return nil
	}
	m.syncReveal()
	m.refreshChecks()
	m.setStatus(runSummary(m.com.lab, stageID, o))
	if msg.report != nil && msg.report.Deep != nil {
		m.raceWarmed[stageID] = true
	}
	if msg.err != nil || stageID != m.stage.ID {
		return nil
	}
	return m.startWarmRace(m.stage)
}
