// Package basicauth is stage 1 of authlab: protect the lab's MCP server with
// a shared secret in the Authorization header, and write a client that sends
// it. Read the lesson first (authlab opens it for you), then fill in the
// TODOs. Run the checks with `c` in the lab or `authlab check basic-auth`.
package basicauth

import (
	"context"
	"fmt"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// SecretEnv is the environment variable that holds the shared secret.
const SecretEnv = "AUTHLAB_SECRET"

// Protect reads the shared secret from the environment and returns next
// wrapped in middleware that lets only requests carrying it through.
func Protect(next http.Handler) (http.Handler, error) {
	// TODO: read the secret from SecretEnv. When it is unset or empty, return
	// an error that names SecretEnv, and no handler.

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// TODO: no Authorization header (or an empty one): set
		// WWW-Authenticate: Bearer, answer 401 and return.

		// TODO: anything but "Bearer <secret>" (the scheme in any case, the
		// secret compared in constant time): answer 403 and return.

		next.ServeHTTP(w, r) // For now every request gets through.
	}), nil
}

// NewTransport returns an http.RoundTripper that adds the secret to every
// request before handing it to base.
func NewTransport(secret string, base http.RoundTripper) http.RoundTripper {
	return &bearerTransport{secret: secret, base: base}
}

type bearerTransport struct {
	secret string
	base   http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// TODO: a RoundTripper must not modify req. Clone it, set
	// Authorization: Bearer <secret> on the clone and send the clone.
	return t.base.RoundTrip(req)
}

// ListTools connects to the MCP server at endpoint, sending the secret with
// every request, and returns the names of the server's tools.
func ListTools(ctx context.Context, endpoint, secret string) ([]string, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-client", Version: "1.0.0"}, nil)
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint: endpoint,
		// TODO: give the transport an http.Client whose Transport is
		// NewTransport(secret, http.DefaultTransport), and whose
		// CheckRedirect refuses to follow a redirect to another origin.
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", endpoint, err)
	}
	defer session.Close()

	var names []string
	for tool, err := range session.Tools(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("listing tools: %w", err)
		}
		names = append(names, tool.Name)
	}
	return names, nil
}
