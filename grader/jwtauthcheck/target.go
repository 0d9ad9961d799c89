// Package jwtauthcheck holds the checks of stage 2, jwt: a login endpoint that
// verifies argon2id hashes and issues HS256 access tokens, middleware that
// accepts only valid tokens (RFC 6750, RFC 8725), and a client that logs in
// and uses its token.
package jwtauthcheck

import (
	"context"
	"io/fs"
	"net/http"

	"authlab/grader/probe"
	"authlab/internal/jwtconfig"
)

// Target is the stage-2 code under test, as the learner's package exports it.
type Target struct {
	// NewServer returns the handler serving POST /login and /mcp, or an
	// error when the configuration is unsafe (a key shorter than 32 bytes).
	NewServer func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error)
	// Login posts the credentials to baseURL/login and returns the token.
	Login func(ctx context.Context, baseURL, username, password string) (string, error)
	// CallTool connects to endpoint with the token, calls tool with no
	// arguments and returns the text of its result.
	CallTool func(ctx context.Context, endpoint, token, tool string) (string, error)
	// ParseToken is the package's own token check, asked when a valid token
	// is refused, to tell whether the parsing or the header reading failed.
	ParseToken func(cfg jwtconfig.Config, raw string) error
	// ClaimsFrom returns the subject and permissions of the claims the
	// middleware handed on in a request's context.
	ClaimsFrom func(ctx context.Context) (sub string, perms []string, ok bool)
	// Source holds the package's Go files: the grader entry file passes
	// os.DirFS("."), the folder the test binary runs in. The differential
	// check looks for credentials and claims wherever the code names a place.
	Source fs.FS
}

// claimsOption makes the lab record, from every request that gets through,
// the claims the middleware handed on.
func (t Target) claimsOption() []probe.Option {
	if t.ClaimsFrom == nil {
		return nil
	}
	return []probe.Option{probe.WithRequestIdentity(func(r *http.Request) (string, []string, bool) { return t.ClaimsFrom(r.Context()) })}
}
