package tui

import (
	"testing"

	"authlab/grader"
)

func TestProgressText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		run  activeRun
		want string
	}{
		{activeRun{phase: grader.PhaseCompiling, fastTotal: 19, deepTotal: 3}, "Step 1 of 2 · compiling your code…"},
		{activeRun{phase: grader.PhaseRunning, done: 7, fastTotal: 19, deepTotal: 3}, "Step 1 of 2 · checks 7/19"},
		{activeRun{tier: grader.TierDeep, phase: grader.PhaseCompiling, fastTotal: 19, deepTotal: 3}, "Step 2 of 2 · " + preparingDeep()},
		{activeRun{tier: grader.TierDeep, phase: grader.PhaseRunning, done: 1, fastTotal: 19, deepTotal: 3},
			"Step 2 of 2 · deep checks (race detector) 1/3"},
		{activeRun{tier: grader.TierDeep, phase: grader.PhaseRunning, race: "no cgo", done: 1, fastTotal: 19, deepTotal: 3},
			"Step 2 of 2 · deep checks (without the race detector) 1/3"},
		// A stage without deep checks has one step, and says no step.
		{activeRun{phase: grader.PhaseCompiling, fastTotal: 19}, "Compiling your code…"},
		{activeRun{phase: grader.PhaseRunning, done: 7, fastTotal: 19}, "Checks 7/19"},
	}
	for _, tt := range tests {
		if got := tt.run.progressText(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.run, got, tt.want)
		}
	}
}
