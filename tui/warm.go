package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"authlab/grader"
	"authlab/lessons"
)

// Warm-ups build in the background what a check will need, so that the
// learner's first check does not wait for it: first the exercise's test
// binary, then the same with the race detector for the deep tier (its
// race-instrumented dependencies take about a minute, once). A run the
// learner asks for cancels any warm-up: it does the same work, and it comes
// first. The build cache keeps whatever a cancelled warm-up finished.

// warmDoneMsg ends a background warm-up build.
type warmDoneMsg struct {
	warm  int
	stage string
	race  bool
	err   error
}

// startWarm builds the stage's exercise in the background so that the first
// check only compiles what the learner changed. The race detector's
// warm-up follows it.
func (m *model) startWarm(s lessons.Stage) tea.Cmd {
	return m.warm(s, false)
}

// startWarmRace builds the stage's exercise with the race detector in the
// background, unless that was done already in this session or the stage
// has no deep checks.
func (m *model) startWarmRace(s lessons.Stage) tea.Cmd {
	if m.raceWarmed[s.ID] || len(m.com.lab.DeepChecks(s)) == 0 {
		return nil
	}
	return m.warm(s, true)
}

// warm starts one warm-up, replacing any other; never while a run goes on.
func (m *model) warm(s lessons.Stage, race bool) tea.Cmd {
	m.cancelWarm()
	if m.run != nil || !m.com.lab.Unlocked(s.ID) {
		return nil
	}
	m.warmSeq++
	id := m.warmSeq
	ctx, cancel := context.WithCancel(m.com.ctx)
	m.warmCancel, m.warmingRace = cancel, race
	l, jobs := m.com.lab, m.com.jobs
	return func() tea.Msg {
		defer jobs.start()()
		build := l.Warm
		if race {
			build = l.WarmRace
		}
		return warmDoneMsg{warm: id, stage: s.ID, race: race, err: build(ctx, s)}
	}
}

// cancelWarm stops the warm-up in progress, if any: a check does the same
// work, so there is no point in doing it twice.
func (m *model) cancelWarm() {
	if m.warmCancel != nil {
		m.warmCancel()
		m.warmCancel = nil
		m.warmingRace = false
	}
}

// onWarmDone reports a warm-up that could not run at all, and starts the
// race detector's warm-up after the plain one. A warm-up that failed because
// the learner's code does not compile says nothing: the checks will show
// why, and the dependencies were built all the same.
func (m *model) onWarmDone(msg warmDoneMsg) tea.Cmd {
	if msg.warm != m.warmSeq {
		return nil
	}
	m.cancelWarm()
	var build *grader.BuildFailure
	switch {
	case errors.Is(msg.err, grader.ErrNoGoTool):
		m.setStatus(statusError(msg.err.Error()))
	case msg.race && msg.err == nil:
		m.raceWarmed[msg.stage] = true
	case !msg.race && (msg.err == nil || errors.As(msg.err, &build)) && msg.stage == m.stage.ID:
		return m.startWarmRace(m.stage)
	}
	return nil
}
