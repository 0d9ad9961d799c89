package refreshcheck

// The grader's own tests for stage 5. Every check runs in-process
// through grader.RunCheck, as the harness runs it.

import (
	"testing"

	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/refresh"
	reference "authlab/solutions/refresh"
)

// stage is stage 5 under test: the starter lets every request
// through, so it fails every fast check.
var stage = gradertest.Stage[Target]{
	Checks:       Checks,
	Deep:         Deep,
	Solution:     Target{Protect: reference.Protect},
	Starter:      Target{Protect: starter.Protect},
	StarterFails: gradertest.AllBut(Checks(Target{})),
	Mutants:      mutants,
}

// TestStage proves stage 5's checks: the solution passes them all,
// the starter fails exactly stage.StarterFails, and every mutant is caught
// by exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }
