package tui

import (
	"strings"
	"sync"

	"charm.land/glamour/v2"
	glamourstyles "charm.land/glamour/v2/styles"
)

// markdownKey identifies one rendering of a text.
type markdownKey struct {
	text  string
	width int
	dark  bool
}

// renderings holds every rendering made in this process. A rendering
// depends on its key alone and Glamour is slow (a lesson takes tens of
// milliseconds), so every pane and every model reuses what one rendered.
var renderings struct {
	sync.Mutex
	m map[markdownKey]string
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
func renderMarkdown(text string, width int, dark bool) (string, error) {
	k := markdownKey{text, width, dark}
	renderings.Lock()
	out, ok := renderings.m[k]
	renderings.Unlock()
	if ok {
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
	out, err = r.Render(strings.ReplaceAll(text, "\t", strings.Repeat(" ", tabWidth)))
	if err != nil {
		return "", err
	}
	out = strings.Trim(out, "\n")
	renderings.Lock()
	if renderings.m == nil {
		renderings.m = map[markdownKey]string{}
	}
	renderings.m[k] = out
	renderings.Unlock()
	return out, nil
}
