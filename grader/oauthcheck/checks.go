package oauthcheck

import (
	"log/slog"
	"sync"

	"authlab/grader"
)

// ID is the stage's id in the course manifest.
const ID = "oauth"

// Stage returns stage 6, oauth, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Checks returns the stage's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	checks := []grader.Check{metadataCheck(t), noTokenCheck(t), methodsCheck(t), queryTokenCheck(t), sdkClientCheck(t), stepUpCheck(t)}
	checks = append(checks, attackChecks(t)...)
	return append(checks, scopeCheck(t), passthroughCheck(t), rotationCheck(t), refetchCheck(t))
}

// Deep returns the stage's deep checks against t, run once every fast check
// passes.
func Deep(t Target) []grader.Check {
	return []grader.Check{concurrentCheck(t)}
}

// quietAuthServer sends the log of the zitadel provider, which writes every
// refused request through slog.Default, nowhere: in the process that starts
// an authorization server (the grader's, or the demo's) the refusals are
// the point, and the checks report them. Only code that starts one calls it.
var quietAuthServer = sync.OnceFunc(func() { slog.SetDefault(slog.New(slog.DiscardHandler)) })
