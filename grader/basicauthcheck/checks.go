package basicauthcheck

import (
	"authlab/grader"
	"authlab/grader/probe"
)

// ID is the stage's id in the course manifest.
const ID = "basic-auth"

// Stage returns stage 1, basic-auth, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Checks returns stage 1's checks against t, in the order they run. The
// check of process-wide state comes before the other client checks, so it
// sees the process as no client has left it; the checks that make the
// server refuse to start come last, so code that exits the process there
// cannot hide the others.
func Checks(t Target) []grader.Check {
	var all []grader.Check
	all = append(all, serverChecks(t)...)
	all = append(all, methodsCheck(t))
	all = append(all, accessChecks(t)...)
	all = append(all, sessionCheck(t), instancesCheck(t), differential(t).Fast(), constantTimeCheck(t), processCheck(t))
	all = append(all, clientChecks(t)...)
	all = append(all, originCheck(t), quietLogsCheck(t), probe.LoopbackOnlyCheck())
	all = append(all, startupChecks(t)...)
	return all
}

// Deep returns stage 1's deep checks against t: the differential check with
// a larger budget, concurrent callers and the client's deadline.
func Deep(t Target) []grader.Check {
	return []grader.Check{differential(t).Deep(), concurrencyCheck(t), deadlineCheck(t)}
}
