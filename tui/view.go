package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/internal/i18n"
)

// The smallest terminal the layout works in.
const (
	minWidth  = 60
	minHeight = 16
)

// Rows the main pane spends above a tab's body: the tab bar and a rule.
const tabHeaderRows = 2

// tooSmall reports whether the terminal is too small for the layout.
func (m *model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// leftWidth is the width of the stage list.
func (m *model) leftWidth() int { return min(max(m.width/4+4, 24), 34) }

// paneWidth is the width of the main pane, right of the stage list and a
// space.
func (m *model) paneWidth() int { return m.width - m.leftWidth() - 1 }

// helpKeys is the key map the help shows: the dialog's while it is open.
func (m *model) helpKeys() help.KeyMap {
	if m.confirm.IsOpen() {
		return m.confirm.keys
	}
	return m.com.keys
}

// bodyHeight is the height left for the panes once the hint, the status
// line and the help are drawn.
func (m *model) bodyHeight() int {
	h := m.height - lipgloss.Height(m.statusLine()) - lipgloss.Height(m.help.View(m.helpKeys()))
	if hint := m.hintView(); hint != "" {
		h -= lipgloss.Height(hint)
	}
	return h
}

// layout sizes every component for the terminal's size and what is shown
// below the panes.
func (m *model) layout() {
	if m.tooSmall() {
		return
	}
	m.help.SetWidth(m.width)
	body := m.bodyHeight()
	m.stages.SetSize(m.leftWidth(), body)
	w, h := m.paneWidth(), max(body-tabHeaderRows, 1)
	m.lesson.SetSize(w, h)
	m.checks.SetSize(w, h)
	m.solution.SetSize(w, h)
	m.diff.SetSize(w, h)
}

// View draws the screen.
func (m *model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "authlab · " + m.stage.Title
	return v
}

func (m *model) render() string {
	switch {
	case m.width == 0 || m.height == 0:
		return ""
	case m.tooSmall():
		text := i18n.T(i18n.TUITooSmall, i18n.Args{"MinW": minWidth, "MinH": minHeight, "W": m.width, "H": m.height})
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(m.width).Align(lipgloss.Center).Render(text))
	}
	body := lipgloss.JoinHorizontal(lipgloss.Top, m.stages.View(), " ", m.paneView())
	if m.confirm.IsOpen() {
		body = overlay(body, m.confirm.View(m.width-4), m.width, m.bodyHeight())
	}
	parts := []string{body}
	if hint := m.hintView(); hint != "" {
		parts = append(parts, hint)
	}
	parts = append(parts, m.statusLine(), m.help.View(m.helpKeys()))
	return fitScreen(lipgloss.JoinVertical(lipgloss.Left, parts...), m.width, m.height)
}

// paneView draws the main pane: the tab bar, a rule and the tab's body.
func (m *model) paneView() string {
	w, h := m.paneWidth(), m.bodyHeight()
	content := m.tabBar(w) + "\n" + m.com.styles.rule.Render(strings.Repeat("─", w)) + "\n" + m.activePager().View()
	return lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h).Render(content)
}

// hintView draws the hint on show, or nothing.
func (m *model) hintView() string {
	if !m.hintShown || len(m.stage.Hints) == 0 {
		return ""
	}
	st := m.com.styles
	text, n := m.hint()
	label := st.hintLabel.Render(i18n.T(i18n.TUIHintLabel, i18n.Args{"N": n, "Count": len(m.stage.Hints)}))
	more := st.muted.Render(i18n.T(i18n.TUIHintMore))
	return lipgloss.NewStyle().Width(m.width).Render(label + st.hintText.Render(text) + more)
}

// maxStatusLines is how many lines a long status message may wrap to.
const maxStatusLines = 3

// statusLine draws the status message, or the run in progress, and the
// watch mode on the right.
func (m *model) statusLine() string {
	st := m.com.styles
	right := st.muted.Render(i18n.T(i18n.TUIWatchOffLabel))
	if m.watchOn {
		right = st.muted.Render(i18n.T(i18n.TUIWatchOnLabel))
	}
	var left string
	switch {
	case m.run != nil:
		left = m.spinner.View() + " " + st.bold.Render(m.run.progressText())
	case m.status.text != "":
		left = st.forStatus(m.status.kind).Render(m.status.text)
	case m.warmCancel != nil && m.warmingRace:
		left = st.muted.Render(i18n.T(i18n.TUIInBackground, i18n.Args{"What": preparingDeep()}))
	case m.warmCancel != nil:
		left = st.muted.Render(i18n.T(i18n.TUIPreparingBuild))
	default:
		left = st.muted.Render(i18n.T(i18n.TUIPressEdit, i18n.Args{"File": m.stage.ExerciseFile()}))
	}
	room := m.width - lipgloss.Width(right) - 1
	left = lipgloss.NewStyle().Width(room).MaxHeight(maxStatusLines).Render(left)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, " ", right)
}

// overlay draws top centred over base, a block of width×height cells.
func overlay(base, top string, width, height int) string {
	x := max((width-lipgloss.Width(top))/2, 0)
	y := max((height-lipgloss.Height(top))/2, 0)
	canvas := lipgloss.NewCanvas(width, height)
	canvas.Compose(lipgloss.NewCompositor(lipgloss.NewLayer(base), lipgloss.NewLayer(top).X(x).Y(y).Z(1)))
	return canvas.Render()
}

// fitScreen cuts s to at most width cells by height lines, whatever any
// component drew.
func fitScreen(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "")
	}
	return strings.Join(lines, "\n")
}
