//go:build authlab

// This file connects authlab's grader to this package. Do not edit it:
// authlab restores it before every check.

package pertool

import (
	"net/http"
	"testing"

	"authlab/grader/harness"
	"authlab/grader/pertoolcheck"
)

var target = pertoolcheck.Target{Protect: Protect}

func TestAuthlab(t *testing.T) {
	harness.Run(t, pertoolcheck.Checks(target))
}

func TestAuthlabServe(t *testing.T) {
	harness.Serve(t, func() (http.Handler, error) { return pertoolcheck.Handler(target) })
}
