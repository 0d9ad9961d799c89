package tui

import (
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// continuation starts a row that carries on the line of code above it.
const continuation = "↪ "

// breakAfter are the characters a stretch without a space in reach, such
// as a JSON body or an import path, is cut after; the ones of betweenItems
// come first, as they end a whole item of a list or a JSON body.
const (
	breakAfter   = betweenItems + "(:/."
	betweenItems = ",;[{"
)

// splitLine returns where to cut a line of plain text into rows, as cell
// ranges: the first row at most first cells wide, the next ones at most
// rest. Rows end at spaces, which are dropped; a stretch without a space
// in reach ends after punctuation, and only a word wider than a whole row
// is cut inside. The first lead runes and the indentation after them are
// never a row by themselves.
func splitLine(plain string, lead, first, rest int) [][2]int {
	rs := []rune(plain)
	cell := make([]int, len(rs)+1) // cell[i]: the column rune i starts on
	for i, r := range rs {
		cell[i+1] = cell[i] + ansi.StringWidth(string(r))
	}
	var rows [][2]int
	start, room := 0, max(first, 1)
	for {
		if len(rows) > 0 {
			for start < len(rs) && rs[start] == ' ' {
				start++
			}
			if start == len(rs) {
				return rows
			}
		}
		if cell[len(rs)]-cell[start] <= room {
			return append(rows, [2]int{cell[start], cell[len(rs)]})
		}
		end := start // runes start to end fit in the row
		for end < len(rs) && cell[end+1]-cell[start] <= room {
			end++
		}
		word := start // the first rune after the lead and the indentation
		if len(rows) == 0 {
			word = min(lead, end)
		}
		for word < end && rs[word] == ' ' {
			word++
		}
		cut, next := cutAt(rs, word, end)
		if cut < 0 {
			cut, next = max(end, start+1), max(end, start+1)
		}
		last := cut
		for last > start && rs[last-1] == ' ' {
			last--
		}
		rows = append(rows, [2]int{cell[start], cell[last]})
		start, room = next, max(rest, 1)
	}
}

// cutAt finds where to end a row whose runes from word to end fit: before
// the last space in reach, else after the last punctuation ending an item
// when that keeps the row over half full, else after the last punctuation.
// It returns the rune the row ends before and the one the next row starts
// at, or -1.
func cutAt(rs []rune, word, end int) (cut, next int) {
	for k := end; k > word; k-- {
		if k < len(rs) && rs[k] == ' ' {
			return k, k
		}
	}
	for k := end; k > word+1 && 2*(k-word) > end-word; k-- {
		if strings.ContainsRune(betweenItems, rs[k-1]) {
			return k, k
		}
	}
	for k := end; k > word+1; k-- {
		if strings.ContainsRune(breakAfter, rs[k-1]) {
			return k, k
		}
	}
	return -1, -1
}

// wrapCode wraps one line of code, plain or coloured, to width. Every
// continuation row repeats the line's first lead cells (a diff's +, - or
// space), keeps its indentation and starts with marker; a coloured line
// keeps its colours on every row.
func wrapCode(line string, width, lead int, marker string) []string {
	plain := ansi.Strip(line)
	if ansi.StringWidth(plain) <= width {
		return []string{line}
	}
	head := ansi.Cut(plain, 0, lead)
	body := ansi.Cut(plain, lead, ansi.StringWidth(plain))
	indent := len(body) - len(strings.TrimLeft(body, " "))
	// Deep indentation gives way: a row keeps at least half the width, and
	// room for the line's longest word when the width has it.
	free := width - lead - ansi.StringWidth(marker)
	indent = max(min(indent, free-max(width/2, min(longestWord(body), free))), 0)
	prefix := head + strings.Repeat(" ", indent) + marker
	coloured := line != plain
	var rows []string
	for i, r := range splitLine(plain, lead, width, width-ansi.StringWidth(prefix)) {
		row := ansi.Cut(line, r[0], r[1])
		if coloured {
			row += ansi.ResetStyle
		}
		if i > 0 {
			row = prefix + row
		}
		rows = append(rows, row)
	}
	return rows
}

// longestWord returns the width of the widest stretch of text splitLine
// cannot cut: between spaces, and after punctuation.
func longestWord(text string) int {
	longest, word := 0, 0
	for _, r := range text {
		switch {
		case r == ' ':
			word = 0
		case strings.ContainsRune(breakAfter, r):
			longest = max(longest, word+1)
			word = 0
		default:
			word += ansi.StringWidth(string(r))
			longest = max(longest, word)
		}
	}
	return longest
}

// wrapText wraps plain text, a line at a time, to width: at spaces, else
// after punctuation, as splitLine does, with no marker.
func wrapText(text string, width int) string {
	var rows []string
	for _, line := range strings.Split(text, "\n") {
		for _, r := range splitLine(line, 0, width, width) {
			rows = append(rows, ansi.Cut(line, r[0], r[1]))
		}
	}
	return strings.Join(rows, "\n")
}

// ownLines makes every line of coloured text carry its own colours, so that
// a line can be cut and shown without the lines above it.
func ownLines(coloured string) string {
	var b strings.Builder
	w := lipgloss.NewWrapWriter(&b)
	_, _ = io.WriteString(w, coloured)
	_ = w.Close()
	return b.String()
}
