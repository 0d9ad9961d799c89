package jwtauthcheck

import (
	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
)

// ID is the stage's id in the course manifest.
const ID = "jwt"

// Stage returns stage 2, jwt, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Checks returns stage 2's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	var all []grader.Check
	all = append(all, loginChecks(t)...)
	all = append(all, tokenChecks(t)...)
	all = append(all, tokenlab.MethodsCheck(t.NewServer), differential(t).Fast())
	all = append(all, clientChecks(t)...)
	all = append(all, probe.LoopbackOnlyCheck(), tokenlab.WeakKeyCheck(t.NewServer))
	return all
}

// Deep returns stage 2's deep checks against t.
func Deep(t Target) []grader.Check {
	return []grader.Check{differential(t).Deep()}
}
