package rbaccheck

import (
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
)

// ID is the stage's id in the course manifest.
const ID = "rbac"

// Stage returns stage 3, rbac, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Checks returns stage 3's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	var checks []grader.Check
	for _, r := range refusals {
		checks = append(checks, r.Check(tokenlab.Fixtures(t.NewServer)))
	}
	checks = append(checks, tokenlab.MethodsCheck(t.NewServer), accessCheck(t), identityCheck(t), schemeCheck(t), leewayCheck(t))
	checks = append(checks, sessionChecks(t)...)
	checks = append(checks, differential(t).Fast(), logsCheck(t))
	return append(checks, probe.LoopbackOnlyCheck(), tokenlab.WeakKeyCheck(t.NewServer), minKeyCheck(t), nilStoreCheck(t))
}

// Deep returns stage 3's deep checks against t: they run once every fast
// check passes, with the race detector.
func Deep(t Target) []grader.Check {
	deep := differential(t).Deep()
	deep.Deadline = deepDifferentialFor
	return []grader.Check{deep, concurrentCheck(t), sideBySideCheck(t), cacheCheck(t)}
}

// deepDifferentialFor bounds the deep differential check, so that the
// whole deep tier stays within 20 s under the race detector: the checks
// after it wait on the clock for some 6 s between them.
const deepDifferentialFor = 9 * time.Second
