package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/internal/i18n"
)

// tabID names a tab of the main pane.
type tabID int

// The tabs, in the order of the tab bar and of the 1-4 keys.
const (
	tabLesson tabID = iota
	tabChecks
	tabSolution
	tabDiff
	tabCount
)

func (t tabID) String() string {
	return i18n.T([...]i18n.ID{i18n.TUITabLesson, i18n.TUITabChecks, i18n.TUITabSolution, i18n.TUITabDiff}[t])
}

// activePager returns the scrollable body of the tab on show.
func (m *model) activePager() *pager {
	switch m.tab {
	case tabChecks:
		return &m.checks.pager
	case tabSolution:
		return &m.solution.pager
	case tabDiff:
		return &m.diff.pager
	}
	return &m.lesson.pager
}

// setTab shows tab t.
func (m *model) setTab(t tabID) {
	m.tab = t
	m.syncReveal()
	if t == tabDiff {
		m.diff.Reload()
	}
}

// syncReveal shows or hides the solution and the diff as the stage's
// progress and the learner's choice say.
func (m *model) syncReveal() {
	revealed := m.isRevealed()
	if m.solution.revealed != revealed {
		m.solution.Show(m.stage, revealed)
	}
	if m.diff.revealed != revealed {
		m.diff.Show(m.stage, revealed)
	}
}

// tabBar renders the tab names with their keys, the active one
// highlighted, and the Checks tab's verdict. Names lose their keys, then
// get cut, when the width is short.
func (m *model) tabBar(width int) string {
	st := m.com.styles
	render := func(numbered bool) string {
		var names []string
		for t := range tabCount {
			name := t.String()
			if t == tabChecks {
				name += m.checksBadge()
			}
			if numbered {
				name = fmt.Sprintf("%d %s", t+1, name)
			}
			style := st.tabInactive
			if t == m.tab {
				style = st.tabActive
			}
			names = append(names, style.Render(name))
		}
		return strings.Join(names, st.separator.Render(" │ "))
	}
	bar := render(true)
	if lipgloss.Width(bar) > width {
		bar = render(false)
	}
	return ansi.Truncate(bar, width, "…")
}

// checksBadge is the short verdict shown beside the Checks tab's name: the
// checks of both steps that passed, out of all that ran.
func (m *model) checksBadge() string {
	if m.run != nil && m.run.stage == m.stage.ID {
		return " " + m.spinner.View()
	}
	o := m.outcomes[m.stage.ID]
	switch {
	case o == nil || o.err != nil || o.report == nil:
		return ""
	case o.report.Passed:
		return " " + glyphPass
	case o.report.Build != nil:
		return " " + glyphFail
	}
	passed, total := o.report.Counts()
	if deep := o.report.Deep; deep != nil {
		deepPassed, deepTotal := deep.Counts()
		passed, total = passed+deepPassed, total+deepTotal
	}
	return fmt.Sprintf(" %d/%d", passed, total)
}
