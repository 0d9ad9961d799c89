package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Glyphs used across the UI. They are all in the Basic Multilingual Plane
// and one cell wide in common terminal fonts (no emoji).
const (
	glyphPass    = "✓"
	glyphFail    = "✗"
	glyphPending = "·"
	glyphCurrent = "●"
	glyphOpen    = "○"
	glyphLocked  = "⊘"
)

// styles holds every Lip Gloss style of the UI, in a light or a dark
// variant chosen from the terminal's background.
type styles struct {
	isDark bool

	muted     lipgloss.Style
	bold      lipgloss.Style
	paneTitle lipgloss.Style
	// paneTitleFocused marks the title of the pane the arrow keys act on.
	paneTitleFocused lipgloss.Style
	separator        lipgloss.Style

	tabActive   lipgloss.Style
	tabInactive lipgloss.Style
	rule        lipgloss.Style

	stageTitle    lipgloss.Style
	stageSelected lipgloss.Style
	stageLocked   lipgloss.Style
	barFull       color.Color
	barEmpty      color.Color

	pass      lipgloss.Style
	fail      lipgloss.Style
	pending   lipgloss.Style
	label     lipgloss.Style
	celebrate lipgloss.Style
	note      lipgloss.Style
	errorText lipgloss.Style

	statusInfo    lipgloss.Style
	statusSuccess lipgloss.Style
	statusWarn    lipgloss.Style
	statusError   lipgloss.Style
	hintLabel     lipgloss.Style
	hintText      lipgloss.Style

	diffAdd    lipgloss.Style
	diffDelete lipgloss.Style
	diffHunk   lipgloss.Style
	diffHeader lipgloss.Style

	dialog lipgloss.Style
	help   help.Styles
}

// newStyles builds the styles for a dark or a light background.
func newStyles(isDark bool) styles {
	ld := lipgloss.LightDark(isDark)
	var (
		accent = ld(lipgloss.Color("#5A3FD6"), lipgloss.Color("#A594F9"))
		green  = ld(lipgloss.Color("#0A7D32"), lipgloss.Color("#5FD787"))
		red    = ld(lipgloss.Color("#C4122F"), lipgloss.Color("#FF6B7F"))
		yellow = ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#F2C94C"))
		cyan   = ld(lipgloss.Color("#00708A"), lipgloss.Color("#6FD3E8"))
		grey   = ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#8A8A8A"))
		faint  = ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#3C3C3C"))
		text   = ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E4E4E4"))
	)
	base := lipgloss.NewStyle()
	return styles{
		isDark:           isDark,
		muted:            base.Foreground(grey),
		bold:             base.Bold(true),
		paneTitle:        base.Bold(true).Foreground(grey),
		paneTitleFocused: base.Bold(true).Foreground(accent),
		separator:        base.Foreground(faint),

		tabActive:   base.Bold(true).Foreground(accent).Underline(true),
		tabInactive: base.Foreground(grey),
		rule:        base.Foreground(faint),

		stageTitle:    base.Foreground(text),
		stageSelected: base.Bold(true).Foreground(accent),
		stageLocked:   base.Foreground(grey),
		barFull:       accent,
		barEmpty:      faint,

		pass:      base.Foreground(green),
		fail:      base.Foreground(red).Bold(true),
		pending:   base.Foreground(grey),
		label:     base.Foreground(grey).Bold(true),
		celebrate: base.Foreground(green).Bold(true),
		note:      base.Foreground(yellow),
		errorText: base.Foreground(red),

		statusInfo:    base.Foreground(text),
		statusSuccess: base.Foreground(green).Bold(true),
		statusWarn:    base.Foreground(yellow),
		statusError:   base.Foreground(red),
		hintLabel:     base.Foreground(yellow).Bold(true),
		hintText:      base.Foreground(text),

		diffAdd:    base.Foreground(green),
		diffDelete: base.Foreground(red),
		diffHunk:   base.Foreground(cyan),
		diffHeader: base.Bold(true),

		dialog: base.Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(1, 2),
		help:   help.DefaultStyles(isDark),
	}
}

// forStatus returns the style of a status message of the given kind.
func (s styles) forStatus(k statusKind) lipgloss.Style {
	switch k {
	case kindSuccess:
		return s.statusSuccess
	case kindWarn:
		return s.statusWarn
	case kindError:
		return s.statusError
	}
	return s.statusInfo
}
