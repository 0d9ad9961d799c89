// Package pertoolcheck holds the checks of stage 4, per-tool-rbac: one
// receiving middleware inside the MCP server decides, on every request and
// from the verified identity, which tools a caller may call and see, with
// any-of permissions and deny by default. THREATS.md beside this file lists
// what can sway that decision or leak, and the checks that cover each.
package pertoolcheck

import (
	"authlab/grader"
	"io/fs"
	"net/http"
	"strings"

	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Target is the stage-4 code under test, as the learner's package exports it.
type Target struct {
	// Protect installs the learner's per-tool check on the MCP server.
	Protect func(s *mcp.Server)
	// Authorize is the middleware Protect installs, for a map the grader
	// chooses: checks run several servers with different maps side by side.
	Authorize func(perms map[string][]string) mcp.Middleware
	// Source holds the package's Go files: the grader entry file passes
	// os.DirFS("."), the folder the test binary runs in. The differential
	// check looks for credentials and claims wherever the code names a place.
	Source fs.FS
}

// with returns the Protect of a server whose per-tool check is t's
// Authorize over perms.
func (t Target) with(perms map[string][]string) func(*mcp.Server) {
	return func(s *mcp.Server) { s.AddReceivingMiddleware(t.Authorize(perms)) }
}

// start serves the catalog behind the grader's token layer, with inner
// set up first (tools to add, middleware that must run inside the
// learner's) and then protect, the learner's per-tool check.
func start(protect func(*mcp.Server), inner ...func(*mcp.Server)) (*tokenlab.Fixture, error) {
	var opts []probe.Option
	for _, setup := range inner {
		opts = append(opts, probe.WithServer(setup))
	}
	return tokenlab.Start(httpLayer, append(opts, probe.WithServer(protect))...)
}

// token returns the Authorization header of a valid token for the run's
// user with the given permissions.
func token(f *tokenlab.Fixture, perms ...string) http.Header {
	return http.Header{"Authorization": {"Bearer " + rawToken(f, perms...)}}
}

// rawToken returns a valid token for the run's user with perms.
func rawToken(f *tokenlab.Fixture, perms ...string) string {
	return f.With(func(c jwt.MapClaims) { c["permissions"] = perms })
}

// describe names a set of permissions for messages.
func describe(perms []string) grader.Phrase {
	if len(perms) == 0 {
		return phraseNoPermissions.Say(nil)
	}
	return grader.Literal(strings.Join(perms, ", "))
}
