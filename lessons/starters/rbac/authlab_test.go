//go:build authlab

// This file connects authlab's grader to this package. Do not edit it:
// authlab restores it before every check.

package rbac

import (
	"os"
	"testing"

	"authlab/grader/harness"
	"authlab/grader/rbaccheck"
)

func TestAuthlab(t *testing.T) {
	harness.Main(t, rbaccheck.Stage(rbaccheck.Target{
		NewServer: NewServer,
		Source:    os.DirFS("."),
	}))
}
