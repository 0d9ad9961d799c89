package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/grader"
	"authlab/internal/i18n"
)

// The layout of a failure card: each field's label in a column of its own,
// indented under the check's name.
const (
	fieldIndent = 2
	labelWidth  = 17
)

// details renders a failed check's card: what it sent, expected and got,
// where in the learner's code it comes from, and the hint. The same card
// serves a fast and a deep check.
func (t *checksTab) details(r grader.CheckResult) string {
	var rows []string
	for _, f := range []struct {
		label, value string
		whole        bool
	}{
		{i18n.T(i18n.TUIFieldSent), r.Sent, false},
		{i18n.T(i18n.TUIFieldExpected), r.Expected, false},
		{i18n.T(i18n.TUIFieldGot), r.Got, false},
		{i18n.T(i18n.TUIFieldWhere), r.Where, true},
		{i18n.T(i18n.TUIFieldDetail), r.Detail, false},
		{i18n.T(i18n.TUIFieldHint), r.Hint, false},
	} {
		switch {
		case strings.TrimSpace(f.value) == "":
		case f.whole:
			rows = append(rows, t.wholeField(f.label, strings.TrimSpace(f.value)))
		default:
			rows = append(rows, t.field(f.label, f.value))
		}
	}
	return strings.Join(rows, "\n")
}

// field renders one labelled value, the value wrapped beside its label:
// at spaces, and a raw body without them after its punctuation.
func (t *checksTab) field(label, value string) string {
	st := t.com.styles
	style := lipgloss.NewStyle()
	if label == i18n.T(i18n.TUIFieldHint) {
		style = st.note
	}
	valueWidth := max(t.Width()-fieldIndent-labelWidth, 10)
	return lipgloss.JoinHorizontal(lipgloss.Top,
		strings.Repeat(" ", fieldIndent),
		st.label.Width(labelWidth).Render(label),
		style.Width(valueWidth).Render(wrapText(clip(value, maxValueLines), valueWidth)))
}

// wholeField renders a labelled value that must never be broken, such as a
// file:line: beside its label when it fits there, else on a line of its own
// under the label.
func (t *checksTab) wholeField(label, value string) string {
	st := t.com.styles
	pad := strings.Repeat(" ", fieldIndent)
	if fieldIndent+labelWidth+ansi.StringWidth(value) <= t.Width() {
		return pad + st.label.Width(labelWidth).Render(label) + value
	}
	return pad + st.label.Render(label) + "\n" + wholeLine(value, 2*fieldIndent, t.Width())
}

// wholeLine indents text on a line of its own, by less than indent when
// that is what keeps the line within width: wrapping breaks the text only
// when it is wider than width by itself.
func wholeLine(text string, indent, width int) string {
	indent = max(min(indent, width-ansi.StringWidth(text)), 0)
	return strings.Repeat(" ", indent) + text
}

// wrapWords wraps text at spaces only, to lines of at most width cells: a
// word such as a path, a flag or a command is never broken, unless it is
// wider than width by itself.
func wrapWords(text string, width int) string {
	var lines []string
	for _, paragraph := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(paragraph) {
			switch {
			case line == "":
				line = word
			case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	for i, line := range lines {
		if ansi.StringWidth(line) > width {
			lines[i] = ansi.Hardwrap(line, width, false)
		}
	}
	return strings.Join(lines, "\n")
}

// clip trims text and keeps at most n lines of it, saying how many were
// left out.
func clip(text string, n int) string {
	lines := strings.Split(expandTabs(strings.TrimSpace(text)), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + "\n" + i18n.T(i18n.MoreLines, i18n.Args{"Count": len(lines) - n})
}
