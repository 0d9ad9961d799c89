package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"

	"authlab/internal/i18n"
)

// keyMap is every key binding of the main screen. It is also the help.KeyMap
// the help line is drawn from.
type keyMap struct {
	Edit      key.Binding
	Check     key.Binding
	Watch     key.Binding
	Hint      key.Binding
	Solution  key.Binding
	Diff      key.Binding
	Reset     key.Binding
	NextStage key.Binding
	PrevStage key.Binding
	NextTab   key.Binding
	PrevTab   key.Binding
	PickTab   key.Binding
	FocusList key.Binding
	FocusPane key.Binding
	Up        key.Binding
	Down      key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
	HalfUp    key.Binding
	HalfDown  key.Binding
	Top       key.Binding
	Bottom    key.Binding
	Dismiss   key.Binding
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Edit:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", i18n.T(i18n.TUIKeyEdit))),
		Check:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", i18n.T(i18n.TUIKeyCheck))),
		Watch:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", i18n.T(i18n.TUIKeyWatch))),
		Hint:      key.NewBinding(key.WithKeys("h"), key.WithHelp("h", i18n.T(i18n.TUIKeyHint))),
		Solution:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", i18n.T(i18n.TUIKeySolution))),
		Diff:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", i18n.T(i18n.TUIKeyDiff))),
		Reset:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", i18n.T(i18n.TUIKeyReset))),
		NextStage: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", i18n.T(i18n.TUIKeyNextStage))),
		PrevStage: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", i18n.T(i18n.TUIKeyPrevStage))),
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", i18n.T(i18n.TUIKeyNextTab))),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", i18n.T(i18n.TUIKeyPrevTab))),
		PickTab:   key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", i18n.T(i18n.TUIKeyPickTab))),
		FocusList: key.NewBinding(key.WithKeys("left"), key.WithHelp("←", i18n.T(i18n.TUIKeyFocusList))),
		FocusPane: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", i18n.T(i18n.TUIKeyFocusPane))),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", i18n.T(i18n.TUIKeyUp))),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", i18n.T(i18n.TUIKeyDown))),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", i18n.T(i18n.TUIKeyPageUp))),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", i18n.T(i18n.TUIKeyPageDown))),
		HalfUp:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", i18n.T(i18n.TUIKeyHalfUp))),
		HalfDown:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", i18n.T(i18n.TUIKeyHalfDown))),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", i18n.T(i18n.TUIKeyTop))),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", i18n.T(i18n.TUIKeyBottom))),
		Dismiss:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", i18n.T(i18n.TUIKeyDismiss))),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", i18n.T(i18n.TUIKeyHelp))),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", i18n.T(i18n.TUIKeyQuit))),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c")),
	}
}

// ShortHelp lists the bindings of the one-line help, most useful first: the
// help line drops what does not fit from the end.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{
		k.Edit, k.Check, k.Hint, k.Solution, k.Diff,
		withHelp(k.NextStage, "n/p", i18n.T(i18n.TUIKeyStage)), k.Help, k.Quit,
		k.Watch, k.Reset, k.NextTab,
	}
}

// FullHelp lists every binding, in columns.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Edit, k.Check, k.Watch, k.Hint, k.Reset},
		{k.Solution, k.Diff, k.NextStage, k.PrevStage, k.Dismiss},
		{k.NextTab, k.PrevTab, k.PickTab, k.FocusList, k.FocusPane},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Help, k.Quit},
	}
}

// viewportKeys are the scrolling keys a pager's viewport handles itself.
func (k keyMap) viewportKeys() viewport.KeyMap {
	return viewport.KeyMap{
		Up:           k.Up,
		Down:         k.Down,
		PageUp:       k.PageUp,
		PageDown:     k.PageDown,
		HalfPageUp:   k.HalfUp,
		HalfPageDown: k.HalfDown,
	}
}

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}
