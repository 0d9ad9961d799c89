package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
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
		Edit:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Check:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check")),
		Watch:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "watch on/off")),
		Hint:      key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hint")),
		Solution:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "solution")),
		Diff:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diff")),
		Reset:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset exercise")),
		NextStage: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next stage")),
		PrevStage: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous stage")),
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous tab")),
		PickTab:   key.NewBinding(key.WithKeys("1", "2", "3", "4"), key.WithHelp("1-4", "pick tab")),
		FocusList: key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "focus stages")),
		FocusPane: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "focus pane")),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		HalfUp:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "½ page up")),
		HalfDown:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "½ page down")),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Dismiss:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "hide hint")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c")),
	}
}

// ShortHelp lists the bindings of the one-line help, most useful first: the
// help line drops what does not fit from the end.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{
		k.Edit, k.Check, k.Hint, k.Solution, k.Diff,
		withHelp(k.NextStage, "n/p", "stage"), k.Help, k.Quit,
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
