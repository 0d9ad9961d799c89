package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"authlab/internal/i18n"
)

// confirmAction is what a confirm dialog asks permission for.
type confirmAction int

const (
	confirmNone     confirmAction = iota
	confirmSolution               // show the solution of an unpassed stage
	confirmDiff                   // show the diff against it
	confirmReset                  // put the starter back over the learner's file
)

// confirmKeys are the keys a confirm dialog answers to. They are also its
// help.KeyMap.
type confirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

// ShortHelp lists the dialog's keys.
func (k confirmKeys) ShortHelp() []key.Binding { return []key.Binding{k.Yes, k.No} }

// FullHelp lists the dialog's keys.
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// confirmDialog is a yes/no question shown over the screen. While it is
// open it takes every key.
type confirmDialog struct {
	com      *common
	action   confirmAction
	question string
	keys     confirmKeys
}

func newConfirmDialog(com *common) confirmDialog {
	return confirmDialog{com: com, keys: confirmKeys{
		Yes: key.NewBinding(key.WithKeys("y", "Y", "enter"), key.WithHelp("y", i18n.T(i18n.TUIKeyYes))),
		No:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", i18n.T(i18n.TUIKeyNo))),
	}}
}

// Open asks question on behalf of action.
func (d *confirmDialog) Open(action confirmAction, question string) {
	d.action, d.question = action, question
}

// IsOpen reports whether the dialog is waiting for an answer.
func (d *confirmDialog) IsOpen() bool { return d.action != confirmNone }

// Answer handles a key. It returns the action that was confirmed, or
// confirmNone when the key was a no, or not an answer at all; answered
// reports whether the dialog closed.
func (d *confirmDialog) Answer(msg tea.KeyPressMsg) (confirmed confirmAction, answered bool) {
	switch {
	case key.Matches(msg, d.keys.Yes):
		confirmed = d.action
	case key.Matches(msg, d.keys.No):
	default:
		return confirmNone, false
	}
	d.action, d.question = confirmNone, ""
	return confirmed, true
}

// View renders the dialog box, at most width cells wide.
func (d *confirmDialog) View(width int) string {
	st := d.com.styles
	box := st.dialog.Width(min(width, 64))
	inner := box.GetWidth() - box.GetHorizontalFrameSize()
	body := lipgloss.NewStyle().Width(inner).Render(d.question) + "\n\n" +
		st.bold.Render("y") + st.muted.Render(" "+i18n.T(i18n.TUIKeyYes)+"   ") + st.bold.Render("n") + st.muted.Render(" "+i18n.T(i18n.TUIKeyNo))
	return box.Render(body)
}
