package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"authlab/internal/i18n"
)

// onKey handles a key press. An open confirm dialog takes every key but
// ctrl+c.
func (m *model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.com.keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	if m.confirm.IsOpen() {
		if action, answered := m.confirm.Answer(msg); answered {
			m.onConfirmed(action)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.help.ToggleFull()
	case key.Matches(msg, k.Edit):
		return m.openEditor()
	case key.Matches(msg, k.Check):
		return m.check()
	case key.Matches(msg, k.Watch):
		return m.toggleWatch()
	case key.Matches(msg, k.Hint):
		m.nextHint()
	case key.Matches(msg, k.Dismiss):
		m.hintShown = false
	case key.Matches(msg, k.Solution):
		m.reveal(tabSolution)
	case key.Matches(msg, k.Diff):
		m.reveal(tabDiff)
	case key.Matches(msg, k.Reset):
		m.confirm.Open(confirmReset, i18n.T(i18n.TUIAskReset, i18n.Args{"File": m.stage.ExerciseFile()}))
	case key.Matches(msg, k.NextStage):
		return m.moveStage(1)
	case key.Matches(msg, k.PrevStage):
		return m.moveStage(-1)
	case key.Matches(msg, k.NextTab):
		m.setTab((m.tab + 1) % tabCount)
	case key.Matches(msg, k.PrevTab):
		m.setTab((m.tab + tabCount - 1) % tabCount)
	case key.Matches(msg, k.PickTab):
		m.setTab(tabID(msg.String()[0] - '1'))
	case key.Matches(msg, k.FocusList):
		m.setListFocus(true)
	case key.Matches(msg, k.FocusPane):
		m.setListFocus(false)
	case m.listFocused && key.Matches(msg, k.Up):
		return m.moveStage(-1)
	case m.listFocused && key.Matches(msg, k.Down):
		return m.moveStage(1)
	default:
		m.activePager().Scroll(msg)
	}
	return nil
}

// setListFocus says whether the arrow keys move between stages (true) or
// scroll the tab (false).
func (m *model) setListFocus(list bool) {
	m.listFocused = list
	m.stages.SetFocused(list)
}
