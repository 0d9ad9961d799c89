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

// Checks returns stage 2's checks against t, in the order they run. The
// checks that make the server refuse to start come last, so code that
// exits the process there cannot hide the others.
func Checks(t Target) []grader.Check {
	var all []grader.Check
	all = append(all, loginChecks(t)...)
	all = append(all, loginAnswerChecks(t)...)
	all = append(all, tokenChecks(t)...)
	all = append(all,
		tokenlab.SchemeCaseCheck(t.NewServer), tokenlab.SchemeSpacesCheck(t.NewServer),
		tokenlab.WrongSchemeCheck(t.NewServer), tokenlab.BareTokenCheck(t.NewServer),
		tokenlab.MethodsCheck(t.NewServer), tokenlab.SessionNotCredentialCheck(t.NewServer), claimsCheck(t),
		differential(t).Fast(), logsCheck(t))
	all = append(all, clientChecks(t)...)
	all = append(all, clientOriginChecks(t)...)
	all = append(all, processCheck(t), cloneCheck(t))
	all = append(all, probe.LoopbackOnlyCheck(), tokenlab.MinKeyCheck(t.NewServer),
		tokenlab.WeakKeyCheck(t.NewServer), tokenlab.NilStoreCheck(t.NewServer), tokenlab.EmptyIssuerCheck(t.NewServer))
	return all
}

// Deep returns stage 2's deep checks against t: the differential with a
// larger budget, callers at once, two servers side by side, and a token
// replayed past its exp.
func Deep(t Target) []grader.Check {
	return []grader.Check{
		differential(t).Deep(),
		tokenlab.ConcurrentCheck(t.NewServer, callers),
		tokenlab.SideBySideCheck(t.NewServer, sideBySideLogins),
		tokenlab.ExpiryCacheCheck(t.NewServer),
	}
}
