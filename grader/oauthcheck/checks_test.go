package oauthcheck

// The grader's own tests for stage 6. Every check runs in-process
// through grader.RunCheck, as the harness runs it.

import (
	"testing"

	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/oauth"
	reference "authlab/solutions/oauth"
)

// stage is stage 6 under test.
var stage = gradertest.Stage[Target]{
	Checks:       Checks,
	Deep:         Deep,
	Solution:     Target{NewServer: reference.NewServer},
	Starter:      Target{NewServer: starter.NewServer},
	StarterFails: gradertest.AllBut(Checks(Target{}), "key-rotation"), // it lets every token through
	Mutants:      mutants,
}

// TestStage proves stage 6's checks: the solution passes them all,
// the starter fails exactly stage.StarterFails, and every mutant is caught
// by exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }
