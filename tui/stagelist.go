package tui

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/internal/i18n"
	"authlab/internal/lab"
	"authlab/lessons"
)

// stageItem is one stage in the stage list.
type stageItem struct {
	stage  lessons.Stage
	number int
}

// FilterValue is the text the list would filter on.
func (i stageItem) FilterValue() string { return i.stage.Title }

// stageDelegate draws a stage item: a status glyph, the stage's number and
// its title on up to two lines. Statuses are read from the lab's progress at
// every draw, so they are never stale.
type stageDelegate struct {
	com     *common
	focused *bool
}

// Height is the number of lines of one item.
func (d stageDelegate) Height() int { return 2 }

// Spacing is the number of blank lines between items.
func (d stageDelegate) Spacing() int { return 1 }

// Update does nothing: the stage list is driven by the root model.
func (d stageDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

// Render writes the item at index.
func (d stageDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	it, ok := item.(stageItem)
	if !ok {
		return
	}
	st, l := d.com.styles, d.com.lab
	selected := index == m.Index()
	glyph, glyphStyle := glyphOpen, st.stageTitle
	switch {
	case l.Progress.Passed(it.stage.ID):
		glyph, glyphStyle = glyphPass, st.pass
	case !l.Unlocked(it.stage.ID):
		glyph, glyphStyle = glyphLocked, st.stageLocked
	case selected:
		glyph, glyphStyle = glyphCurrent, st.stageSelected
	}
	titleStyle := st.stageTitle
	switch {
	case selected:
		titleStyle = st.stageSelected
	case !l.Unlocked(it.stage.ID):
		titleStyle = st.stageLocked
	}
	cursor := "  "
	if selected {
		cursor = st.muted.Render("▌") + " "
		if *d.focused {
			cursor = st.stageSelected.Render("▌") + " "
		}
	}
	head := fmt.Sprintf("%s%s %d. ", cursor, glyphStyle.Render(glyph), it.number)
	indent := ansi.StringWidth(head)
	titleWidth := max(m.Width()-indent, 4)
	wrapped := strings.Split(ansi.Wordwrap(it.stage.Title, titleWidth, " "), "\n")
	first, second := ansi.Truncate(wrapped[0], titleWidth, "…"), ""
	if len(wrapped) > 1 {
		second = ansi.Truncate(strings.Join(wrapped[1:], " "), titleWidth, "…")
	}
	fmt.Fprintf(w, "%s%s\n%s%s", head, titleStyle.Render(first), strings.Repeat(" ", indent), titleStyle.Render(second))
}

// stageList is the left pane: every stage with its status, and a progress
// bar of the stages passed.
type stageList struct {
	com     *common
	list    list.Model
	bar     progress.Model
	focused bool
	width   int
	height  int
}

func newStageList(com *common) *stageList {
	s := &stageList{com: com}
	items := make([]list.Item, len(com.lab.Course.Stages))
	for i, st := range com.lab.Course.Stages {
		items[i] = stageItem{stage: st, number: i + 1}
	}
	s.list = list.New(items, stageDelegate{com: com, focused: &s.focused}, 0, 0)
	s.list.SetShowTitle(false)
	s.list.SetShowFilter(false)
	s.list.SetFilteringEnabled(false)
	s.list.SetShowStatusBar(false)
	s.list.SetShowHelp(false)
	s.list.DisableQuitKeybindings()
	s.bar = progress.New(progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
	s.Restyle()
	return s
}

// Restyle applies the current styles to the progress bar.
func (s *stageList) Restyle() {
	s.bar.FullColor = s.com.styles.barFull
	s.bar.EmptyColor = s.com.styles.barEmpty
}

// SetSize sets the size of the whole pane, separator included.
func (s *stageList) SetSize(width, height int) {
	s.width, s.height = width, height
	inner := s.innerWidth()
	s.list.SetSize(inner, max(height-4, 1))
	s.bar.SetWidth(max(inner-len(s.barLabel())-1, 4))
}

// innerWidth is the width of the pane's content: the pane less a space on
// the left and the separator with a space on the right.
func (s *stageList) innerWidth() int { return max(s.width-3, 1) }

// Select moves the cursor to the stage at index i.
func (s *stageList) Select(i int) { s.list.Select(i) }

// SetFocused says whether the arrow keys move between stages.
func (s *stageList) SetFocused(f bool) { s.focused = f }

// counts returns how many stages are passed, and how many there are.
func (s *stageList) counts() (passed, total int) {
	for _, st := range s.com.lab.Course.Stages {
		if s.com.lab.Progress.Passed(st.ID) {
			passed++
		}
	}
	return passed, len(s.com.lab.Course.Stages)
}

func (s *stageList) barLabel() string {
	passed, total := s.counts()
	return fmt.Sprintf("%d/%d", passed, total)
}

// View renders the pane at exactly its size.
func (s *stageList) View() string {
	st := s.com.styles
	title := st.paneTitle
	if s.focused {
		title = st.paneTitleFocused
	}
	passed, total := s.counts()
	percent := 0.0
	if total > 0 {
		percent = float64(passed) / float64(total)
	}
	bar := s.bar.ViewAs(percent) + " " + st.muted.Render(s.barLabel())
	content := lipgloss.JoinVertical(lipgloss.Left,
		title.Render(i18n.T(i18n.TUIStages)),
		"",
		lipgloss.NewStyle().Height(max(s.height-4, 1)).MaxHeight(max(s.height-4, 1)).Render(s.list.View()),
		"",
		bar,
	)
	return lipgloss.NewStyle().
		Width(s.width).Height(s.height).MaxHeight(s.height).
		PaddingLeft(1).PaddingRight(1).
		Border(lipgloss.NormalBorder(), false, true, false, false).
		BorderForeground(st.separator.GetForeground()).
		Render(content)
}

// nextStage returns the stage after the one with the given id.
func nextStage(l *lab.Lab, id string) (lessons.Stage, bool) {
	i := l.Course.Index(id)
	if i < 0 || i+1 >= len(l.Course.Stages) {
		return lessons.Stage{}, false
	}
	return l.Course.Stages[i+1], true
}

// previousStage returns the stage before the one with the given id.
func previousStage(l *lab.Lab, id string) (lessons.Stage, bool) {
	i := l.Course.Index(id)
	if i <= 0 {
		return lessons.Stage{}, false
	}
	return l.Course.Stages[i-1], true
}
