package tui

import (
	"strings"

	"charm.land/glamour/v2"
	glamourstyles "charm.land/glamour/v2/styles"
)

// markdownKey identifies one rendering of a text.
type markdownKey struct {
	text  string
	width int
	dark  bool
}

// markdownCache renders markdown with Glamour and keeps every rendering, so
// that switching tabs or stages and resizing back and forth cost nothing.
type markdownCache struct {
	rendered map[markdownKey]string
}

// tabWidth is how many cells a tab in a lesson's code takes.
const tabWidth = 4

// quoteBar starts every line of a blockquote, the lessons' callouts. Glamour
// wraps a quote as if its bar took one cell per level; its own bar, "│ ",
// takes two, so quoted lines came out one cell too wide and broke, the
// broken part without its bar. This one takes one cell, and its half block
// leaves the gap before the text.
const quoteBar = "▌"

// render renders text to fit width cells, in the style for a dark or a light
// background. Tabs, which Go code indents with, become spaces first: Glamour
// counts a tab as one cell when it fits a code block to the width, while the
// pane lays it out as four, so a tabbed line would overflow the pane.
func (c *markdownCache) render(text string, width int, dark bool) (string, error) {
	k := markdownKey{text, width, dark}
	if out, ok := c.rendered[k]; ok {
		return out, nil
	}
	style := glamourstyles.LightStyleConfig
	if dark {
		style = glamourstyles.DarkStyleConfig
	}
	bar := quoteBar // the style holds a pointer; the copy is this one's own
	style.BlockQuote.IndentToken = &bar
	r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(width))
	if err != nil {
		return "", err
	}
	out, err := r.Render(strings.ReplaceAll(text, "\t", strings.Repeat(" ", tabWidth)))
	if err != nil {
		return "", err
	}
	out = strings.Trim(out, "\n")
	if c.rendered == nil {
		c.rendered = map[markdownKey]string{}
	}
	c.rendered[k] = out
	return out, nil
}
