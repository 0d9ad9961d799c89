package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/x/ansi"

	"authlab/grader"
	"authlab/internal/lab"
)

// failingReport is a report on the first stage whose first three checks fail,
// each with a card several lines long; tag tells one run's cards from
// another's.
func failingReport(l *lab.Lab, tag string) *grader.Report {
	rep := syntheticReport(l, false)
	for i := range rep.Checks[:3] {
		r := &rep.Checks[i]
		r.Pass = false
		r.Sent = fmt.Sprintf("request %d of run %s", i, tag)
		r.Expected = "403 Forbidden"
		r.Got = "200 OK and the tool ran"
		r.Detail = "line one\nline two\nline three"
		r.Hint = "Compare the secret with subtle.ConstantTimeCompare."
	}
	return rep
}

// checksTop returns the first line the Checks pane shows.
func checksTop(m *model) string {
	return strings.TrimSpace(strings.Split(ansi.Strip(m.checks.View()), "\n")[0])
}

// scrollTo presses g, then j until the Checks pane's first line starts
// with text.
func scrollTo(t *testing.T, m *model, text string) {
	t.Helper()
	press(m, "g")
	for range 200 {
		if strings.HasPrefix(checksTop(m), text) {
			return
		}
		press(m, "j")
	}
	t.Fatalf("scrolling never brought %q to the top of the Checks pane:\n%s", text, checksText(m))
}

// TestChecksKeepTheirPlace scrolls the Checks tab to a failure card and runs
// the checks again: the pane stays on that card, showing it from its
// heading, instead of going back to the top.
func TestChecksKeepTheirPlace(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	third := l.Checks(l.Course.Stages[0])[2].Name
	heading := glyphFail + " " + third[:20]
	tests := []struct {
		name string
		// inCard is how many lines below the card's heading the pane is
		// scrolled before the checks run again.
		inCard int
		again  func(t *testing.T, m *model)
		want   string
	}{
		{
			name: "check again, same failure",
			again: func(t *testing.T, m *model) {
				press(m, "c")
				m.Update(runDoneMsg{run: m.run.id, report: failingReport(l, "one")})
			},
			want: heading,
		},
		{
			name:   "check again from inside the card",
			inCard: 2,
			again: func(t *testing.T, m *model) {
				press(m, "c")
				m.Update(runDoneMsg{run: m.run.id, report: failingReport(l, "two")})
			},
			want: heading,
		},
		{
			name: "reset, then check",
			again: func(t *testing.T, m *model) {
				press(m, "r", "y", "c")
				m.Update(runDoneMsg{run: m.run.id, report: failingReport(l, "two")})
			},
			want: heading,
		},
		{
			name: "a run going on, its checks reported one by one",
			again: func(t *testing.T, m *model) {
				press(m, "c")
				for _, r := range failingReport(l, "two").Checks {
					m.Update(runEventMsg{run: m.run.id, event: grader.Event{Phase: grader.PhaseRunning, Check: &r}})
				}
			},
			want: heading,
		},
	}
	for _, sz := range sizes {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%dx%d", tt.name, sz.width, sz.height), func(t *testing.T) {
				m := newTestModel(t, l, Options{}, sz.width, sz.height)
				press(m, "c")
				m.Update(runDoneMsg{run: m.run.id, report: failingReport(l, "one")})
				scrollTo(t, m, heading)
				for range tt.inCard {
					press(m, "j")
				}
				tt.again(t, m)
				if got := checksTop(m); !strings.HasPrefix(got, tt.want) {
					t.Errorf("the Checks pane starts with %q, want %q:\n%s", got, tt.want, ansi.Strip(m.checks.View()))
				}
			})
		}
	}
}

// TestReadingACardSurvivesTheSpinner scrolls into a failure card while a
// run goes on: the redraws of the spinner leave the view where it is.
func TestReadingACardSurvivesTheSpinner(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	heading := glyphFail + " " + l.Checks(l.Course.Stages[0])[2].Name[:20]
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.width, sz.height), func(t *testing.T) {
			m := newTestModel(t, l, Options{}, sz.width, sz.height)
			press(m, "c")
			for _, r := range failingReport(l, "one").Checks {
				m.Update(runEventMsg{run: m.run.id, event: grader.Event{Phase: grader.PhaseRunning, Check: &r}})
			}
			scrollTo(t, m, heading)
			press(m, "j", "j", "j")
			want := checksTop(m)
			for range 3 {
				m.Update(spinner.TickMsg{ID: m.spinner.ID()})
			}
			if got := checksTop(m); got != want {
				t.Errorf("after the spinner ticked the Checks pane starts with %q, want %q", got, want)
			}
		})
	}
}
