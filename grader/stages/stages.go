// Package stages maps each stage id to what the grader knows of it: its
// checks, and how to demonstrate its server by hand. The runner, the TUI and
// the CLI use it to name a stage's checks before any learner code has run.
package stages

import (
	"authlab/grader"
	"authlab/grader/basicauthcheck"
	"authlab/grader/jwtcheck"
	"authlab/grader/pertoolcheck"
	"authlab/grader/probe"
	"authlab/grader/rbaccheck"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
)

// Stage is the grader's side of one stage.
type Stage struct {
	// Checks returns the checks with no target bound: their Run functions
	// are not meant to be called.
	Checks func() []grader.Check
	// ServeEnv returns fresh secrets for `authlab serve`, as environment
	// variables for the server process.
	ServeEnv func() map[string]string
	// Examples returns commands to try against a server at baseURL that was
	// started with env.
	Examples func(baseURL string, env map[string]string) []grader.Example
}

var all = map[string]Stage{
	"basic-auth": {
		Checks: func() []grader.Check { return basicauthcheck.Checks(basicauthcheck.Target{}) },
		ServeEnv: func() map[string]string {
			return map[string]string{basicauthcheck.SecretEnv: probe.Random(24)}
		},
		Examples: func(baseURL string, env map[string]string) []grader.Example {
			return basicauthcheck.Examples(baseURL, env[basicauthcheck.SecretEnv])
		},
	},
	"jwt": {
		Checks:   func() []grader.Check { return jwtcheck.Checks(jwtcheck.Target{}) },
		ServeEnv: tokenServeEnv,
		Examples: jwtcheck.Examples,
	},
	"rbac": {
		Checks:   func() []grader.Check { return rbaccheck.Checks(rbaccheck.Target{}) },
		ServeEnv: tokenServeEnv,
		Examples: rbaccheck.Examples,
	},
	"per-tool-rbac": {
		Checks:   func() []grader.Check { return pertoolcheck.Checks(pertoolcheck.Target{}) },
		ServeEnv: tokenServeEnv,
		Examples: pertoolcheck.Examples,
	},
}

// tokenServeEnv returns fresh settings for a stage whose server checks
// tokens, with one demo user.
func tokenServeEnv() map[string]string {
	return map[string]string{
		jwtconfig.KeyEnv:         probe.Random(32),
		jwtconfig.IssuerEnv:      "https://authlab.local/",
		jwtconfig.AudienceEnv:    "authlab-mcp",
		tokenlab.DemoUserEnv:     "ada",
		tokenlab.DemoPasswordEnv: probe.Random(9),
	}
}

// Lookup returns the grader's side of the stage with the given id.
func Lookup(id string) (Stage, bool) {
	s, ok := all[id]
	return s, ok
}

// Checks returns the checks of the stage with the given id, with no target
// bound.
func Checks(id string) ([]grader.Check, bool) {
	s, ok := all[id]
	if !ok {
		return nil, false
	}
	return s.Checks(), true
}

// IDs returns the ids of every stage the grader knows.
func IDs() []string {
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	return ids
}
