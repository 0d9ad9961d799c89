// Package rbaccheck holds the checks of stage 3, rbac: a valid token is not
// enough, its user must exist and it must carry the User.Read permission
// (else 403 insufficient_scope), an invalid token stays 401 whatever it
// claims, every request is judged on its own token, and the verified
// identity reaches the MCP handlers. THREATS.md maps the stage's threat
// model to these checks.
package rbaccheck

import (
	"io/fs"

	"authlab/grader/tokenlab"
)

// Permission is what the stage's server demands.
const Permission = "User.Read"

// Target is the stage-3 code under test, as the learner's package exports it.
type Target struct {
	// NewServer returns the handler serving /mcp to callers with a valid
	// token, an existing user and the User.Read permission.
	NewServer tokenlab.NewServerFunc
	// Source holds the package's Go files: the grader entry file passes
	// os.DirFS("."), the folder the test binary runs in. The differential
	// check looks for credentials and claims wherever the code names a place.
	Source fs.FS
}
