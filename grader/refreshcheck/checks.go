package refreshcheck

import (
	"slices"

	"authlab/grader"
)

// ID is the stage's id in the course manifest.
const ID = "refresh"

// Stage returns stage 5, refresh, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Checks returns stage 5's checks against t, in the order they run: the
// server's, then the client's. The configuration check, which may make
// code exit, comes last.
func Checks(t Target) []grader.Check {
	return slices.Concat(rotationChecks(t), endpointChecks(t), clientChecks(t), []grader.Check{configCheck(t)})
}

// Deep returns stage 5's deep checks against t: more refreshes racing, and
// requests through one client at once.
func Deep(t Target) []grader.Check {
	return []grader.Check{raceCheck(t, "refresh-race-deep", 16, 3), clientConcurrentCheck(t)}
}
