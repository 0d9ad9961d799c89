package tui

import (
	"authlab/internal/i18n"
	"authlab/lessons"
)

// lessonTab shows the stage's lesson, rendered from markdown at the width of
// the pane.
type lessonTab struct {
	pager
	stage lessons.Stage
	text  string
	err   error
}

func newLessonTab(com *common) *lessonTab {
	return &lessonTab{pager: newPager(com)}
}

// SetStage loads the lesson of s and shows it from the top.
func (t *lessonTab) SetStage(s lessons.Stage) {
	t.stage = s
	t.text, t.err = lessons.LessonText(s)
	t.SetContent(t.render())
}

// SetSize lays the lesson out again for the new size.
func (t *lessonTab) SetSize(width, height int) {
	resized := width != t.Width()
	t.pager.SetSize(width, height)
	if resized {
		t.Refresh(t.render())
	}
}

// Restyle renders the lesson again after the background changed.
func (t *lessonTab) Restyle() { t.Refresh(t.render()) }

func (t *lessonTab) render() string {
	if t.err != nil {
		return t.com.styles.errorText.Render(i18n.T(i18n.TUILessonUnreadable, i18n.Args{"File": t.stage.Lesson, "Stage": t.stage.ID, "Err": t.err}))
	}
	if t.Width() <= 0 {
		return ""
	}
	out, err := renderMarkdown(t.text, t.Width(), t.com.styles.isDark)
	if err != nil {
		return t.text
	}
	return out
}
