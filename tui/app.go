package tui

import (
	"context"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"authlab/internal/i18n"
	"authlab/internal/lab"
	"authlab/internal/watch"
	"authlab/lessons"
)

// model is the root model: it owns the components, routes messages to them
// and runs the lab's actions.
type model struct {
	com    *common
	editor string
	width  int
	height int

	stage    lessons.Stage
	stages   *stageList
	lesson   *lessonTab
	checks   *checksTab
	solution *solutionTab
	diff     *diffTab
	tab      tabID
	// listFocused says the arrow keys move between stages rather than
	// scroll the tab.
	listFocused bool

	spinner spinner.Model
	help    helpView
	confirm confirmDialog
	status  status

	outcomes  map[string]*outcome // the last run of each stage
	revealed  map[string]bool     // stages whose solution the learner asked for
	hintsSeen map[string]int      // how many hints of each stage were shown
	hintShown bool

	run        *activeRun
	runSeq     int
	warmSeq    int
	warmCancel context.CancelFunc
	// warmingRace says the warm-up going on builds with the race detector.
	warmingRace bool
	// raceWarmed holds the stages whose race-detector build is done.
	raceWarmed map[string]bool

	watchOn  bool
	watcher  *watch.Watcher
	watchGen int
}

func newModel(ctx context.Context, l *lab.Lab, opts Options) *model {
	com := newCommon(ctx, l)
	m := &model{
		com:        com,
		editor:     opts.Editor,
		stages:     newStageList(com),
		lesson:     newLessonTab(com),
		checks:     newChecksTab(com),
		solution:   newSolutionTab(com),
		diff:       newDiffTab(com),
		spinner:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		help:       newHelpView(com),
		confirm:    newConfirmDialog(com),
		outcomes:   map[string]*outcome{},
		revealed:   map[string]bool{},
		hintsSeen:  map[string]int{},
		raceWarmed: map[string]bool{},
		watchOn:    opts.Watch,
	}
	m.spinner.Style = com.styles.stageSelected
	m.showStage(l.Next())
	if w := l.Progress.Warning(); w != "" {
		m.setStatus(statusWarn(w))
	}
	return m
}

// Init asks for the terminal's background colour, warms the build and
// starts watching the exercise. None of it delays the first frame.
func (m *model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.startWarm(m.stage), m.startWatch())
}

// Update routes a message to whoever handles it.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.restyle(msg.IsDark())
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case spinner.TickMsg:
		if m.run != nil {
			m.spinner, cmd = m.spinner.Update(msg)
			m.refreshChecks()
		}
	case runEventMsg:
		if m.run != nil && msg.run == m.run.id {
			m.onRunEvent(msg)
			cmd = runMessages(m.run.messages)
		}
	case runDoneMsg:
		cmd = m.onRunDone(msg)
	case warmDoneMsg:
		cmd = m.onWarmDone(msg)
	case watchReadyMsg:
		cmd = m.onWatchReady(msg)
	case filesChangedMsg:
		cmd = m.onFilesChanged(msg)
	case editorDoneMsg:
		cmd = m.onEditorDone(msg)
	}
	m.layout()
	return m, cmd
}

// showStage makes s the stage on show and loads everything about it.
func (m *model) showStage(s lessons.Stage) {
	m.stage = s
	m.stages.Select(m.com.lab.Course.Index(s.ID))
	m.lesson.SetStage(s)
	m.solution.Show(s, m.isRevealed())
	m.diff.Show(s, m.isRevealed())
	m.hintShown = false
	m.refreshChecks()
	m.checks.ScrollTop()
}

// moveStage goes delta stages forward or back, and opens the new stage on
// its lesson: the tab left behind may hide the new stage's solution.
func (m *model) moveStage(delta int) tea.Cmd {
	stages := m.com.lab.Course.Stages
	i := m.com.lab.Course.Index(m.stage.ID) + delta
	if i < 0 || i >= len(stages) {
		return nil
	}
	m.cancelRun()
	m.showStage(stages[i])
	m.setTab(tabLesson)
	m.setStatus(status{})
	if err := m.com.lab.Progress.SetCurrent(m.stage.ID); err != nil {
		m.setStatus(statusError(i18n.T(i18n.TUISaveFailed, i18n.Args{"Err": err})))
	}
	if prev, locked := m.blocker(); locked {
		m.setStatus(statusWarn(i18n.T(i18n.TUIStageLockedUntil, i18n.Args{"Number": i + 1, "Title": prev.Title})))
	}
	return tea.Batch(m.startWatch(), m.startWarm(m.stage))
}

// check runs the checks of the stage on show and shows the Checks tab.
func (m *model) check() tea.Cmd {
	if prev, locked := m.blocker(); locked {
		m.setStatus(statusWarn(i18n.T(i18n.TUIStageLocked, i18n.Args{"Title": prev.Title})))
		return nil
	}
	m.setTab(tabChecks)
	m.setStatus(status{})
	return m.startRun(m.stage)
}

// blocker returns the stage to pass before the stage on show unlocks, and
// whether there is one.
func (m *model) blocker() (lessons.Stage, bool) {
	if m.com.lab.Unlocked(m.stage.ID) {
		return lessons.Stage{}, false
	}
	return previousStage(m.com.lab, m.stage.ID)
}

// isRevealed reports whether the solution of the stage on show may be
// shown without asking.
func (m *model) isRevealed() bool {
	return m.revealed[m.stage.ID] || m.com.lab.Progress.Passed(m.stage.ID)
}

// reveal shows the Solution or Diff tab, asking first while the stage has
// not passed.
func (m *model) reveal(t tabID) {
	if m.isRevealed() {
		m.setTab(t)
		return
	}
	action, question := confirmSolution, i18n.TUIAskSolution
	if t == tabDiff {
		action, question = confirmDiff, i18n.TUIAskDiff
	}
	m.confirm.Open(action, i18n.T(question))
}

// onConfirmed carries out what the learner said yes to.
func (m *model) onConfirmed(action confirmAction) {
	switch action {
	case confirmSolution, confirmDiff:
		m.revealed[m.stage.ID] = true
		if action == confirmDiff {
			m.setTab(tabDiff)
		} else {
			m.setTab(tabSolution)
		}
	case confirmReset:
		if err := m.com.lab.Reset(m.stage); err != nil {
			m.setStatus(statusError(i18n.T(i18n.TUIResetFailed, i18n.Args{"Err": err})))
			return
		}
		m.diff.Reload()
		m.setStatus(statusSuccess(i18n.T(i18n.TUIResetDone, i18n.Args{"File": m.stage.ExerciseFile()})))
	}
}

// nextHint shows the stage's next hint, going round to the first after the
// last.
func (m *model) nextHint() {
	if len(m.stage.Hints) == 0 {
		m.setStatus(statusInfo(i18n.T(i18n.TUINoHints)))
		return
	}
	m.hintsSeen[m.stage.ID]++
	m.hintShown = true
}

// hint returns the hint on show and its position, counting from 1.
func (m *model) hint() (text string, n int) {
	n = (m.hintsSeen[m.stage.ID]-1)%len(m.stage.Hints) + 1
	return m.stage.Hints[n-1], n
}

// refreshChecks shows the current state of the stage's checks.
func (m *model) refreshChecks() {
	l := m.com.lab
	s := checksState{
		stage:      m.stage,
		checks:     l.Checks(m.stage),
		deepChecks: l.DeepChecks(m.stage),
		outcome:    m.outcomes[m.stage.ID],
		spinner:    m.spinner.View(),
	}
	s.previous, s.locked = m.blocker()
	s.next, s.hasNext = nextStage(l, m.stage.ID)
	if m.run != nil && m.run.stage == m.stage.ID {
		s.run = m.run
	}
	m.checks.Show(s)
}

// restyle switches every style to the terminal's background.
func (m *model) restyle(dark bool) {
	if dark == m.com.styles.isDark {
		return
	}
	m.com.styles = newStyles(dark)
	m.spinner.Style = m.com.styles.stageSelected
	m.stages.Restyle()
	m.help.Restyle()
	m.lesson.Restyle()
	m.solution.Restyle()
	m.checks.Restyle()
	m.diff.Reload()
}

// setStatus replaces the status line's message.
func (m *model) setStatus(s status) { m.status = s }

// shutdown stops every run, warm-up and watcher.
func (m *model) shutdown() {
	m.cancelRun()
	m.cancelWarm()
	m.stopWatch()
}

// quit ends the program.
func (m *model) quit() tea.Cmd {
	m.shutdown()
	return tea.Quit
}
