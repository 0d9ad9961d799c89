// Package basicauth is stage 1 of authlab: an MCP server protected by a shared
// secret in the Authorization header, and a client that sends it.
//
// This is the reference solution. It follows the chapter's rule for stage 1:
// no credential is 401, a wrong one is 403. Stage 2 switches to the standard
// (RFC 6750: an invalid credential is 401 too).
package basicauth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// SecretEnv is the environment variable that holds the shared secret.
const SecretEnv = "AUTHLAB_SECRET"

// ErrNoSecret is returned by Protect when SecretEnv is unset or empty.
var ErrNoSecret = errors.New(SecretEnv + " is not set: export a long random secret before starting the server")

// Protect reads the shared secret from the environment and returns next
// wrapped in middleware that lets only requests carrying it through.
func Protect(next http.Handler) (http.Handler, error) {
	// The secret comes from the environment, never from the code. An empty
	// secret would make an empty credential valid: refuse to start instead.
	secret := os.Getenv(SecretEnv)
	if secret == "" {
		return nil, ErrNoSecret
	}
	want := sha256.Sum256([]byte(secret))

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			// No credential at all: 401, and say which scheme we expect.
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return // never fall through to next
		}
		// The scheme name is case-insensitive (RFC 9110 §11.1), and one or
		// more spaces may follow it (RFC 6750 §2.1: "Bearer" 1*SP token).
		scheme, credential, ok := strings.Cut(header, " ")
		credential = strings.TrimLeft(credential, " ")
		// ConstantTimeCompare takes as long whichever byte differs, so the
		// answer's timing does not reveal how much of a guess was right.
		// Comparing SHA-256 digests, always 32 bytes, hides the secret's
		// length too (ConstantTimeCompare returns at once on a length
		// mismatch).
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			!equalDigests(credential, want) {
			// The chapter's rule: a credential we do not accept is 403.
			// Never echo or log the credential: it may be a near miss.
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	}), nil
}

// equalDigests reports, in constant time, whether credential hashes to want.
func equalDigests(credential string, want [32]byte) bool {
	got := sha256.Sum256([]byte(credential))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
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

// RoundTrip implements http.RoundTripper. It must not modify req, so it sets
// the header on a clone.
func (t *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.secret)
	return t.base.RoundTrip(r)
}

// ListTools connects to the MCP server at endpoint, sending the secret with
// every request, and returns the names of the server's tools.
func ListTools(ctx context.Context, endpoint, secret string) ([]string, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-client", Version: "1.0.0"}, nil)
	// A client of our own: changing http.DefaultClient would put the
	// secret on every request the rest of the program makes.
	hc := &http.Client{
		Transport: NewTransport(secret, http.DefaultTransport),
		// The transport adds the secret to every request the client
		// sends, redirects included: follow none to another origin.
		CheckRedirect: sameOriginOnly,
	}
	// ctx goes to Connect and to every call: the caller's deadline is how
	// it bounds the wait for a server that hangs.
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: hc}, nil)
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

// maxRedirects is how many redirects a client follows, as net/http does.
const maxRedirects = 10

// sameOriginOnly is an http.Client CheckRedirect that follows a redirect
// only to the origin (scheme, host and port) of the first request: the
// secret is for that server, and a redirect must not carry it elsewhere.
func sameOriginOnly(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
		return fmt.Errorf("refusing to follow a redirect from %s to %s: the secret is only for %s", first.Host, req.URL.Host, first.Host)
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	return nil
}
