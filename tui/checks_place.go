package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"authlab/grader"
)

// The Checks tab is drawn again on every event of a run and every spinner
// tick, and a run first shrinks it (the failure cards go) then grows it
// back. So that the learner does not lose their place, the tab remembers
// the card at the top of its view and shows that card there again after
// each redraw, from its heading when the card changed.

// cardKey names a check's card: its tier and its id. The zero key names the
// text above the first card.
type cardKey struct {
	tier grader.Tier
	id   string
}

// cardStart is the line a check's card begins on, counted from the first
// line of its section.
type cardStart struct {
	key  cardKey
	line int
}

// section is a piece of the Checks tab's text and the cards that begin in
// it.
type section struct {
	text  string
	cards []cardStart
}

// joinSections joins sections with sep between them, as strings.Join
// joins strings, and counts each card's line from the first line of the
// whole.
func joinSections(sep string, parts ...section) section {
	var out section
	texts := make([]string, 0, len(parts))
	line := 0
	for _, p := range parts {
		for _, c := range p.cards {
			out.cards = append(out.cards, cardStart{key: c.key, line: line + c.line})
		}
		texts = append(texts, p.text)
		line += strings.Count(p.text+sep, "\n")
	}
	out.text = strings.Join(texts, sep)
	return out
}

// cardSpan is the rows one card takes in the pager, soft wrapping counted,
// and its text.
type cardSpan struct {
	key      cardKey
	from, to int // rows; to is excluded
	text     string
}

// spansOf splits a rendered section into the spans of its cards, the text
// above the first card being the span of the zero key.
func spansOf(s section, width int) []cardSpan {
	lines := strings.Split(s.text, "\n")
	rows := make([]int, len(lines)+1) // rows[i]: the row line i starts on
	for i, l := range lines {
		height := 1
		if w := ansi.StringWidth(l); width > 0 && w > width {
			height = (w + width - 1) / width
		}
		rows[i+1] = rows[i] + height
	}
	starts := s.cards
	if len(starts) == 0 || starts[0].line > 0 {
		starts = append([]cardStart{{}}, starts...)
	}
	spans := make([]cardSpan, 0, len(starts))
	for i, c := range starts {
		end := len(lines)
		if i+1 < len(starts) {
			end = starts[i+1].line
		}
		spans = append(spans, cardSpan{key: c.key, from: rows[c.line], to: rows[end], text: strings.Join(lines[c.line:end], "\n")})
	}
	return spans
}

// checksPlace is where the Checks tab's view is: the card its top row is
// in, how many rows into that card, and the card's text then.
type checksPlace struct {
	key  cardKey
	into int
	text string
}

// redraw renders the tab again and puts the view back in its place. A
// view the learner scrolled since the last redraw takes its place anew.
func (t *checksTab) redraw() {
	if off := t.vp.YOffset(); off != t.placedAt {
		t.place = t.placeAt(off)
	}
	shown := t.render()
	t.spans = spansOf(shown, t.Width())
	t.vp.SetContent(shown.text)
	t.restore()
}

// placeAt returns the place of a view whose top row is row.
func (t *checksTab) placeAt(row int) checksPlace {
	span := t.spanAt(row)
	return checksPlace{key: span.key, into: row - span.from, text: span.text}
}

// spanAt returns the span that holds row.
func (t *checksTab) spanAt(row int) cardSpan {
	for _, s := range t.spans {
		if row < s.to {
			return s
		}
	}
	if len(t.spans) == 0 {
		return cardSpan{}
	}
	return t.spans[len(t.spans)-1]
}

// restore scrolls the view back to its place: as it was when the card has
// not changed, else from the card's heading. A card gone shows the tab from
// the top; a card too near the end to reach the top shows from the heading
// of the card the view then starts in, never from inside a card.
func (t *checksTab) restore() {
	defer func() { t.placedAt = t.vp.YOffset() }()
	for _, s := range t.spans {
		if s.key != t.place.key {
			continue
		}
		if s.text == t.place.text && t.place.into < s.to-s.from {
			t.vp.SetYOffset(s.from + t.place.into)
			return
		}
		t.vp.SetYOffset(s.from)
		t.vp.SetYOffset(t.spanAt(t.vp.YOffset()).from)
		return
	}
	t.vp.GotoTop()
}

// ScrollTop shows the tab from its first line, the place of a new stage.
func (t *checksTab) ScrollTop() {
	t.place = checksPlace{}
	t.restore()
}
