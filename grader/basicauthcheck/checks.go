package basicauthcheck

import (
	"authlab/grader"
	"authlab/grader/probe"
)

// Checks returns stage 1's checks against t, in the order they run. The
// checks that make the server refuse to start come last, so code that exits
// the process there cannot hide the others.
func Checks(t Target) []grader.Check {
	var all []grader.Check
	all = append(all, serverChecks(t)...)
	all = append(all, methodsCheck(t))
	all = append(all, accessChecks(t)...)
	all = append(all, clientChecks(t)...)
	all = append(all, probe.LoopbackOnlyCheck())
	all = append(all, startupChecks(t)...)
	return all
}
