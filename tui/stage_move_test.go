package tui

import (
	"testing"
	"time"
)

// TestStageMoveShowsTheLesson moves between stages from every tab: the new
// stage always opens on its lesson, never on a tab that hides the solution
// of a stage not passed yet.
func TestStageMoveShowsTheLesson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		keys []string // from stage 1, passed, with the tab to leave from
	}{
		{"n from the Lesson tab", []string{"1", "n"}},
		{"n from the Checks tab", []string{"2", "n"}},
		{"n from the Solution tab", []string{"s", "n"}},
		{"n from the Diff tab", []string{"d", "n"}},
		{"↓ in the stage list from the Solution tab", []string{"s", "left", "down"}},
		{"p back from the Diff tab", []string{"n", "4", "p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := twoStageLab(t)
			if err := l.Progress.MarkPassed(l.Course.Stages[0].ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			m := newTestModel(t, l, Options{}, 100, 30)
			for m.stage.ID != l.Course.Stages[0].ID {
				press(m, "p")
			}
			press(m, tt.keys...)
			if m.tab != tabLesson {
				t.Errorf("the stage opened on the %v tab, want the Lesson tab", m.tab)
			}
			assertLacks(t, m, "stays hidden")
			assertContains(t, m, "Basic auth")
		})
	}
}
