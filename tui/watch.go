package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"authlab/internal/i18n"
	"authlab/internal/watch"
)

// watchDebounce is how long the exercise folder must stay quiet after a
// change before the checks run: editors write a file in several steps.
const watchDebounce = 200 * time.Millisecond

// watchReadyMsg carries a watcher started for the current stage.
type watchReadyMsg struct {
	gen     int
	watcher *watch.Watcher
	err     error
}

// filesChangedMsg says the Go files of the watched exercise changed.
type filesChangedMsg struct{ gen int }

// startWatch stops watching the previous exercise and, in watch mode,
// starts watching the current one. Every start gets a new generation, so
// messages of an older watcher are ignored.
func (m *model) startWatch() tea.Cmd {
	m.stopWatch()
	if !m.watchOn {
		return nil
	}
	gen, dir := m.watchGen, m.com.lab.Path(m.stage.ExerciseDir())
	return func() tea.Msg {
		w, err := watch.New(dir, watchDebounce)
		return watchReadyMsg{gen: gen, watcher: w, err: err}
	}
}

// stopWatch closes the watcher, if any.
func (m *model) stopWatch() {
	m.watchGen++
	if m.watcher != nil {
		m.watcher.Close()
		m.watcher = nil
	}
}

// waitForChange waits for the next change the watcher reports.
func waitForChange(gen int, w *watch.Watcher) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-w.Events(); !ok {
			return nil
		}
		return filesChangedMsg{gen: gen}
	}
}

func (m *model) onWatchReady(msg watchReadyMsg) tea.Cmd {
	if msg.gen != m.watchGen || !m.watchOn {
		if msg.watcher != nil {
			msg.watcher.Close()
		}
		return nil
	}
	if msg.err != nil {
		m.setStatus(statusError(i18n.T(i18n.TUIWatchFailed, i18n.Args{"Err": msg.err})))
		return nil
	}
	m.watcher = msg.watcher
	return waitForChange(msg.gen, msg.watcher)
}

// onFilesChanged refreshes the diff and runs the checks on the saved code.
func (m *model) onFilesChanged(msg filesChangedMsg) tea.Cmd {
	if msg.gen != m.watchGen || m.watcher == nil {
		return nil
	}
	next := waitForChange(msg.gen, m.watcher)
	m.diff.Reload()
	if _, locked := m.blocker(); locked {
		return next
	}
	return tea.Batch(next, m.startRun(m.stage))
}

// toggleWatch turns watch mode on or off.
func (m *model) toggleWatch() tea.Cmd {
	m.watchOn = !m.watchOn
	if !m.watchOn {
		m.stopWatch()
		m.setStatus(statusInfo(i18n.T(i18n.TUIWatchOff)))
		return nil
	}
	m.setStatus(statusInfo(i18n.T(i18n.TUIWatchOn, i18n.Args{"Dir": m.stage.ExerciseDir()})))
	return m.startWatch()
}
