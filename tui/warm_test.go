package tui

import (
	"errors"
	"testing"

	"authlab/grader"
)

func TestRaceWarmUpFollowsTheBuild(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	preparing := "In the background, preparing the deep checks: building with the race detector; the first time takes about a minute."
	tests := []struct {
		name     string
		err      error
		wantRace bool
		want     string
	}{
		{"after a build", nil, true, preparing},
		{"after a compile error", &grader.BuildFailure{Output: "auth.go:3: syntax error"}, true, preparing},
		{"not without go", grader.ErrNoGoTool, false, "install Go"},
		{"not after a cancelled build", errors.New("context canceled"), false, "Press e to edit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, l, Options{}, 80, 24)
			m.startWarm(m.stage)
			_, cmd := m.Update(warmDoneMsg{warm: m.warmSeq, stage: m.stage.ID, err: tt.err})
			if started := cmd != nil && m.warmingRace; started != tt.wantRace {
				t.Errorf("race warm-up started: %v, want %v", started, tt.wantRace)
			}
			assertContains(t, m, tt.want)
			assertFits(t, m)
		})
	}
}

func TestRaceWarmUpYieldsToRuns(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	m.startWarm(m.stage)
	plain := warmDoneMsg{warm: m.warmSeq, stage: m.stage.ID}
	m.Update(plain)
	if !m.warmingRace {
		t.Fatal("no race warm-up after the build")
	}

	press(m, "c")
	if m.warmCancel != nil || m.warmingRace {
		t.Fatal("a run left the race warm-up going")
	}
	assertLacks(t, m, "In the background")
	assertContains(t, m, "Step 1 of 2 · compiling your code…")
	// A warm-up that finished as the run started starts nothing more.
	if _, cmd := m.Update(plain); cmd != nil || m.warmCancel != nil {
		t.Fatal("a warm-up started during a run")
	}

	// A run that could not grade at all hands nothing on.
	if _, cmd := m.Update(runDoneMsg{run: m.run.id, err: grader.ErrNoGoTool}); cmd != nil || m.warmCancel != nil {
		t.Fatal("a race warm-up after a run that could not start go")
	}
	// A run that stopped at step 1 hands the background back to it...
	press(m, "c")
	_, cmd := m.Update(runDoneMsg{run: m.run.id, report: syntheticReport(l, false)})
	if cmd == nil || !m.warmingRace {
		t.Fatal("no race warm-up after a run that stopped at step 1")
	}
	// ...until it is done once.
	m.Update(warmDoneMsg{warm: m.warmSeq, stage: m.stage.ID, race: true})
	press(m, "c")
	if _, cmd := m.Update(runDoneMsg{run: m.run.id, report: syntheticReport(l, false)}); cmd != nil || m.warmCancel != nil {
		t.Fatal("a second race warm-up after one was done")
	}
	m.startWarm(m.stage)
	if _, cmd := m.Update(warmDoneMsg{warm: m.warmSeq, stage: m.stage.ID}); cmd != nil || m.warmingRace {
		t.Fatal("a race warm-up after one was done")
	}
}

func TestDeepRunMarksTheRaceBuildDone(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	press(m, "c")
	if _, cmd := m.Update(runDoneMsg{run: m.run.id, report: deepReport(l, false)}); cmd != nil || m.warmingRace {
		t.Fatal("a race warm-up after a run that built with the race detector")
	}
}
