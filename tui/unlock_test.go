package tui

import (
	"testing"
	"time"
)

// TestUnlockAnnouncedOnce passes a stage twice: only the run that passes it
// for the first time says the next stage is now unlocked.
func TestUnlockAnnouncedOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		passedBefore bool
		want, lacks  []string
	}{
		{
			name:  "first pass",
			want:  []string{`"Second: tokens" is now unlocked: press n to go on.`, `Stage passed! "Second: tokens" is unlocked`},
			lacks: []string{"still passes"},
		},
		{
			name:         "a passed stage checked again",
			passedBefore: true,
			want:         []string{"checks pass: stage complete!", `Press n to go on to "Second: tokens".`, "Stage still passes"},
			lacks:        []string{"unlocked"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := twoStageLab(t)
			first := l.Course.Stages[0].ID
			if tt.passedBefore {
				if err := l.Progress.MarkPassed(first, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			m := newTestModel(t, l, Options{}, 120, 40)
			for m.stage.ID != first {
				press(m, "p")
			}
			press(m, "c")
			// lab.Check records the pass before it returns; do what it does.
			if err := l.Progress.MarkPassed(first, time.Now()); err != nil {
				t.Fatal(err)
			}
			m.Update(runDoneMsg{run: m.run.id, report: syntheticReport(l, true)})
			assertContains(t, m, tt.want...)
			assertLacks(t, m, tt.lacks...)
		})
	}
}
