package basicauthcheck

// Known-bad implementations of stage 1 ("mutants"). Each one is the reference
// solution (authlab/solutions/basicauth) with one classic mistake;
// checks_test.go proves that the grader catches every one of them, and that
// every check catches at least one. They are grouped by what they get
// wrong, one file per group: mutants_*_test.go.

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"authlab/grader/gradertest"
	"authlab/solutions/basicauth"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
// The tests run in this folder, so its source is two levels up.
var solution = Target{
	Protect: basicauth.Protect, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools,
	Source: os.DirFS("../../solutions/basicauth"),
}

// The five denial checks that expect a 403.
var forbiddenChecks = []string{"wrong-secret-403", "wrong-scheme-403", "raw-secret-403", "secret-prefix-403", "secret-suffix-403"}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close).
func mutants() []mutant {
	return slices.Concat(middlewareMutants(), whereMutants(), stateMutants(), leakMutants(), clientMutants(), startupMutants())
}

// changed returns the solution with change applied.
func changed(change func(*Target)) Target {
	t := solution
	change(&t)
	return t
}

// withMiddleware is the solution with its per-request middleware replaced by
// mw; reading the secret and the client stay correct.
func withMiddleware(mw func(secret string, next http.Handler) http.Handler) Target {
	return changed(func(t *Target) {
		t.Protect = func(next http.Handler) (http.Handler, error) {
			secret := os.Getenv(SecretEnv)
			if secret == "" {
				return nil, basicauth.ErrNoSecret
			}
			return mw(secret, next), nil
		}
	})
}

// withTransport is the solution with its RoundTripper replaced by the one
// newTransport builds, used by both NewTransport and ListTools.
func withTransport(newTransport func(secret string, base http.RoundTripper) http.RoundTripper) Target {
	return changed(func(t *Target) {
		t.NewTransport = newTransport
		t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
			return listToolsWith(ctx, endpoint, clientWith(newTransport(secret, http.DefaultTransport)))
		}
	})
}

// ---- the solution's middleware, in pieces the mutants reuse ---------------

// goodMiddleware is the solution's middleware.
func goodMiddleware(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			refuseMissing(w)
			return
		}
		if credential, ok := bearerCredential(header); !ok || !sameSecret(credential, secret) {
			refuseWrong(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuseMissing answers a request with no credential: 401 and a challenge.
func refuseMissing(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", "Bearer")
	http.Error(w, "Unauthorized", http.StatusUnauthorized)
}

// refuseWrong answers a credential that is not the secret: 403.
func refuseWrong(w http.ResponseWriter) {
	http.Error(w, "Forbidden", http.StatusForbidden)
}

// bearerCredential parses an Authorization value as the solution does: the
// scheme Bearer in any case, then one or more spaces, then the credential.
func bearerCredential(header string) (string, bool) {
	scheme, credential, ok := strings.Cut(header, " ")
	return strings.TrimLeft(credential, " "), ok && strings.EqualFold(scheme, "Bearer")
}

// sameSecret compares as the solution does: SHA-256 digests, in constant
// time.
func sameSecret(credential, secret string) bool {
	got, want := sha256.Sum256([]byte(credential)), sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// clientWith is the solution's http.Client around rt: it follows no
// redirect to another origin.
func clientWith(rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: rt, CheckRedirect: sameOriginOnly}
}

// sameOriginOnly is the solution's CheckRedirect.
func sameOriginOnly(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
		return fmt.Errorf("refusing to follow a redirect from %s to %s", first.Host, req.URL.Host)
	}
	if len(via) >= 10 {
		return fmt.Errorf("stopped after %d redirects", len(via))
	}
	return nil
}

// listToolsWith is the solution's ListTools with the http.Client given.
func listToolsWith(ctx context.Context, endpoint string, hc *http.Client) ([]string, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-client", Version: "1.0.0"}, nil)
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   endpoint,
		HTTPClient: hc,
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
