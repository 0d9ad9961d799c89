package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpView is the help at the bottom of the screen: one line of the most
// useful keys, or every key in columns. It never grows wider than its
// width: what does not fit is dropped from the end and an ellipsis says so.
type helpView struct {
	com   *common
	model help.Model
	width int
}

func newHelpView(com *common) helpView {
	h := helpView{com: com, model: help.New()}
	h.Restyle()
	return h
}

// Restyle applies the current styles.
func (h *helpView) Restyle() { h.model.Styles = h.com.styles.help }

// SetWidth sets the width the help must fit in.
func (h *helpView) SetWidth(w int) { h.width = w }

// ToggleFull switches between the one-line and the full help.
func (h *helpView) ToggleFull() { h.model.ShowAll = !h.model.ShowAll }

// View renders the help for the keys of k.
func (h *helpView) View(k help.KeyMap) string {
	if h.model.ShowAll {
		return h.fullView(k.FullHelp())
	}
	return h.shortView(k.ShortHelp())
}

func (h *helpView) shortView(bindings []key.Binding) string {
	var enabled []key.Binding
	for _, b := range bindings {
		if b.Enabled() && b.Help().Key != "" {
			enabled = append(enabled, b)
		}
	}
	for n := len(enabled); n > 0; n-- {
		out := h.model.ShortHelpView(enabled[:n])
		if n < len(enabled) {
			out += h.ellipsis()
		}
		if lipgloss.Width(out) <= h.width {
			return out
		}
	}
	return ""
}

func (h *helpView) fullView(groups [][]key.Binding) string {
	for n := len(groups); n > 0; n-- {
		out := h.model.FullHelpView(groups[:n])
		if n < len(groups) {
			out = lipgloss.JoinHorizontal(lipgloss.Top, out, h.ellipsis())
		}
		if lipgloss.Width(out) <= h.width {
			return out
		}
	}
	return ""
}

func (h *helpView) ellipsis() string {
	return h.model.Styles.Ellipsis.Render(" …")
}
