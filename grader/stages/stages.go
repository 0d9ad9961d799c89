// Package stages lists every stage the grader knows, in course order, with
// no code bound: the runner, the TUI and the CLI use it to name a stage's
// checks before any learner code has run and to serve its demo.
package stages

import (
	"authlab/grader"
	"authlab/grader/basicauthcheck"
	"authlab/grader/jwtauthcheck"
	"authlab/grader/oauthcheck"
	"authlab/grader/pertoolcheck"
	"authlab/grader/rbaccheck"
	"authlab/grader/refreshcheck"
)

// All returns every stage, in course order. The checks' Run functions are
// not meant to be called: no code is bound.
func All() []grader.Stage {
	return []grader.Stage{
		basicauthcheck.Stage(basicauthcheck.Target{}),
		jwtauthcheck.Stage(jwtauthcheck.Target{}),
		rbaccheck.Stage(rbaccheck.Target{}),
		pertoolcheck.Stage(pertoolcheck.Target{}),
		refreshcheck.Stage(refreshcheck.Target{}),
		oauthcheck.Stage(oauthcheck.Target{}),
	}
}

// Lookup returns the stage with the given id.
func Lookup(id string) (grader.Stage, bool) {
	for _, s := range All() {
		if s.ID == id {
			return s, true
		}
	}
	return grader.Stage{}, false
}
