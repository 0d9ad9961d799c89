package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"authlab/grader"
	"authlab/internal/i18n"
	"authlab/internal/lab"
	"authlab/lessons"
)

// Limits that keep the Checks tab readable.
const (
	detailedFailures = 3  // failures shown with sent/expected/got
	maxValueLines    = 8  // lines of one detail value
	maxCrashLines    = 12 // lines of a crash's output
)

// checksState is everything the Checks tab shows for one stage.
type checksState struct {
	stage    lessons.Stage
	locked   bool
	previous lessons.Stage // the stage to pass first, when locked
	next     lessons.Stage // the stage a pass unlocks
	hasNext  bool
	checks   []grader.Check // step 1, the fast tier
	// deepChecks are step 2, the deep tier; none for a one-step stage.
	deepChecks []grader.Check
	outcome    *outcome   // nil before the first run
	run        *activeRun // nil unless a run of this stage is going on
	spinner    string
}

// checksTab shows the stage's checks and what the last run said about each,
// filled in live while a run goes on.
type checksTab struct {
	pager
	state checksState
	// spans are the cards as last drawn.
	spans []cardSpan
	// place is where the view is; placedAt is the row redraw put it on.
	place    checksPlace
	placedAt int
}

func newChecksTab(com *common) *checksTab {
	return &checksTab{pager: newPager(com)}
}

// Show replaces what the tab shows, keeping the view in its place.
func (t *checksTab) Show(s checksState) {
	t.state = s
	t.redraw()
}

// SetSize lays the tab out again for the new size.
func (t *checksTab) SetSize(width, height int) {
	resized := width != t.Width()
	t.pager.SetSize(width, height)
	if resized {
		t.redraw()
	}
}

// Restyle renders the tab again after the background changed.
func (t *checksTab) Restyle() { t.redraw() }

// render lays out the tab: what the run says as a whole, then every check.
func (t *checksTab) render() section {
	if t.Width() <= 0 {
		return section{}
	}
	s, st := t.state, t.com.styles
	var blocks []string
	add := func(style lipgloss.Style, text string) {
		blocks = append(blocks, style.Width(t.Width()).Render(text))
	}
	if s.locked {
		add(st.note, i18n.T(i18n.TUIChecksLocked, i18n.Args{"Title": s.previous.Title}))
	}
	o := s.outcome
	switch {
	case s.run != nil:
		add(st.bold, s.spinner+" "+s.run.progressText())
	case o == nil:
		if !s.locked {
			add(st.muted, i18n.T(i18n.TUIChecksPress))
		}
	case o.err != nil:
		add(st.errorText, runSummary(t.com.lab, s.stage.ID, o).text)
	case o.report != nil:
		blocks = append(blocks, t.reportBlocks(o)...)
		if o.report.Build != nil {
			return section{text: strings.Join(blocks, "\n\n")}
		}
	}
	parts := make([]section, 0, len(blocks)+2)
	for _, b := range blocks {
		parts = append(parts, section{text: b})
	}
	return joinSections("\n\n", append(parts, t.checkLists()...)...)
}

// checkLists renders the stage's checks and, for a stage with deep checks,
// each step under its own heading. Once step 1 has passed and step 2 is
// what matters, step 1 shrinks to one line.
func (t *checksTab) checkLists() []section {
	s, st, w := t.state, t.com.styles, t.Width()
	if len(s.checks) == 0 {
		return []section{{text: st.muted.Width(w).Render(i18n.T(i18n.TUINoChecks))}}
	}
	if len(s.deepChecks) == 0 {
		return []section{t.checkList(grader.TierFast, s.checks)}
	}
	fast := joinSections("\n", section{text: st.bold.Width(w).Render(i18n.T(i18n.TUIStep1))}, t.checkList(grader.TierFast, s.checks))
	if t.deepStarted() && (s.outcome.report == nil || !s.outcome.report.Passed) {
		fast = section{text: t.mark(st.pass, glyphPass, i18n.T(i18n.TUIStep1AllPass, i18n.Args{"Count": len(s.checks)}))}
	}
	race := t.race()
	deep := []section{{text: st.bold.Width(w).Render(i18n.T(i18n.TUIStep2, i18n.Args{"What": deepLabel(race)}))}}
	if race != "" {
		deep = append(deep, section{text: st.note.Render(wrapWords(i18n.T(i18n.TUINote, i18n.Args{"Text": strings.TrimSuffix(race, ".")}), w))})
	}
	if s.outcome != nil && s.outcome.report != nil {
		if note := lab.ReducedNote(s.outcome.report.Deep); note != "" {
			deep = append(deep, section{text: st.note.Render(wrapWords(i18n.T(i18n.TUINote, i18n.Args{"Text": note}), w))})
		}
	}
	if !t.deepStarted() {
		deep = append(deep, section{text: st.muted.Width(w).Render(deepPending(s.outcome))})
	}
	deep = append(deep, t.checkList(grader.TierDeep, s.deepChecks))
	return []section{fast, joinSections("\n", deep...)}
}

// deepStarted reports whether the deep tier has begun in the run on show:
// it runs only once every fast check passed.
func (t *checksTab) deepStarted() bool {
	s := t.state
	if s.run != nil {
		return s.run.tier == grader.TierDeep
	}
	return s.outcome != nil && s.outcome.tierReport(grader.TierDeep) != nil
}

// race says why the deep checks on show ran without the race detector, or
// nothing.
func (t *checksTab) race() string {
	s := t.state
	switch {
	case s.run != nil:
		return s.run.race
	case s.outcome != nil && s.outcome.tierReport(grader.TierDeep) != nil:
		return s.outcome.report.Deep.Race
	}
	return ""
}

// checkList renders every check of a tier with its mark, and the details of
// the first failures: one card per check.
func (t *checksTab) checkList(tier grader.Tier, checks []grader.Check) section {
	s, st, w := t.state, t.com.styles, t.Width()
	cards := make([]section, 0, len(checks)+1)
	failures := 0
	for _, c := range checks {
		r, ok := grader.CheckResult{}, false
		if s.outcome != nil {
			r, ok = s.outcome.result(tier, c.ID)
		}
		var card string
		switch {
		case !ok:
			card = t.mark(st.pending, glyphPending, c.Name)
		case r.Pass:
			card = t.mark(st.pass, glyphPass, c.Name)
		default:
			failures++
			card = t.mark(st.fail, glyphFail, c.Name)
			if failures <= detailedFailures {
				card += "\n" + t.details(r) + "\n"
			}
		}
		cards = append(cards, section{text: card, cards: []cardStart{{key: cardKey{tier, c.ID}}}})
	}
	if more := failures - detailedFailures; more > 0 {
		cards = append(cards, section{text: "\n" + st.muted.Width(w).Render(i18n.T(i18n.TUIMoreFailing, i18n.Args{"Count": more}))})
	}
	list := joinSections("\n", cards...)
	list.text = strings.TrimRight(list.text, "\n")
	return list
}

// mark renders one check's line: its glyph and its name, wrapped under the
// name.
func (t *checksTab) mark(style lipgloss.Style, glyph, name string) string {
	return lipgloss.JoinHorizontal(lipgloss.Top, style.Render(glyph+" "), lipgloss.NewStyle().Width(t.Width()-2).Render(name))
}
