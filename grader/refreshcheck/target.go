// Package refreshcheck holds the checks of stage 5, refresh. Its one
// check is an example to replace with the stage's own: a request without
// credentials is refused before it reaches the MCP server.
package refreshcheck

import "net/http"

// Target is the stage-5 code under test, as the learner's package
// exports it.
type Target struct {
	// Protect wraps next with the middleware the stage teaches.
	Protect func(next http.Handler) http.Handler
}
