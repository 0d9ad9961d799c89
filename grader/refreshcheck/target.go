// Package refreshcheck holds the checks of stage 5, refresh: refresh tokens
// on top of stage 2's access tokens, issued at login, rotated on every use
// (RFC 6749 §6, RFC 9700 §4.14.2), a reused one revoking its family,
// revocation (RFC 7009), and a client that refreshes once when its access
// token is refused.
package refreshcheck

import (
	"net/http"

	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
)

// Target is the stage-5 code under test, as the learner's package exports it.
type Target struct {
	// NewServer returns the handler serving POST /login, POST /token, POST
	// /revoke and /mcp, keeping refresh tokens in store, or an error when
	// the configuration is unsafe.
	NewServer func(cfg jwtconfig.Config, store *refreshstore.Store, mcpHandler http.Handler) (http.Handler, error)
	// NewTransport returns an http.RoundTripper sending requests through
	// base with the access token, refreshing at tokenURL when it is refused.
	NewTransport func(base http.RoundTripper, tokenURL, access, refresh string) http.RoundTripper
}
