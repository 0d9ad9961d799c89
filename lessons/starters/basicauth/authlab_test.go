//go:build authlab

// This file connects authlab's grader to this package. Do not edit it:
// authlab restores it before every check.

package basicauth

import (
	"net/http"
	"testing"

	"authlab/grader/basicauthcheck"
	"authlab/grader/harness"
)

var target = basicauthcheck.Target{
	Protect:      Protect,
	NewTransport: NewTransport,
	ListTools:    ListTools,
}

func TestAuthlab(t *testing.T) {
	harness.Run(t, basicauthcheck.Checks(target))
}

func TestAuthlabServe(t *testing.T) {
	harness.Serve(t, func() (http.Handler, error) { return basicauthcheck.Handler(target) })
}
