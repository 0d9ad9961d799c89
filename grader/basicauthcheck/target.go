// Package basicauthcheck holds the checks of stage 1, basic-auth: a shared
// secret in the Authorization header, checked by HTTP middleware, with the
// chapter's 401-versus-403 rule, and a client that sends it.
package basicauthcheck

import (
	"context"
	"io/fs"
	"net/http"
)

// SecretEnv is the environment variable the server reads its secret from.
const SecretEnv = "AUTHLAB_SECRET"

// Target is the stage-1 code under test, as the learner's package exports it.
type Target struct {
	// Protect reads the secret from SecretEnv and wraps next with the
	// middleware that checks it. It fails when the secret is unset or empty.
	Protect func(next http.Handler) (http.Handler, error)
	// NewTransport returns a RoundTripper that adds the secret to every
	// request and then hands it to base.
	NewTransport func(secret string, base http.RoundTripper) http.RoundTripper
	// ListTools connects to the MCP server at endpoint with the secret and
	// returns the names of its tools.
	ListTools func(ctx context.Context, endpoint, secret string) ([]string, error)
	// Source holds the package's Go files: the grader entry file passes
	// os.DirFS("."), the folder the test binary runs in. Behaviour cannot
	// show how the secret is compared, so one check reads the code.
	Source fs.FS
}
