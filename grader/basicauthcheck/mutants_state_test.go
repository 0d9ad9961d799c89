package basicauthcheck

// Mutants that keep state they should not: callers remembered across
// requests, a secret shared by every instance or read again on each
// request, a request's credential shared with the requests in flight, and
// a comparison whose timing depends on the secret.

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing/fstest"

	"authlab/solutions/basicauth"
)

func stateMutants() []mutant {
	return []mutant{
		{
			Name:     "session opened with the secret trusted",
			Target:   withMiddleware(trustsSessions),
			MustFail: []string{"session-not-a-credential"},
		},
		{
			Name:     "last good credential remembered",
			Target:   withMiddleware(remembersLastGood),
			MustFail: []string{"session-not-a-credential", "differential"},
		},
		{
			Name:     "secret kept in a package-level variable",
			Target:   changed(func(t *Target) { t.Protect = protectSharedSecret }),
			MustFail: []string{"instances-keep-own-secret"},
		},
		{
			Name:     "secret read from the environment on each request",
			Target:   changed(func(t *Target) { t.Protect = protectReadsEnvPerRequest }),
			MustFail: []string{"instances-keep-own-secret"},
		},
		{
			Name: "request's credential kept in a field of the middleware",
			Target: withMiddleware(func(secret string, next http.Handler) http.Handler {
				return &sharedCredential{secret: secret, next: next}
			}),
			MustFail: []string{"concurrent-callers"},
		},
		{
			Name: "credential == secret",
			Target: changed(func(t *Target) {
				t.Protect = withMiddleware(plainEquality).Protect
				t.Source = sourceComparing(`credential == secret`)
			}),
			MustFail: []string{"constant-time-compare"},
		},
		{
			Name: "bytes.Equal on the credential",
			Target: changed(func(t *Target) {
				t.Protect = withMiddleware(plainEquality).Protect
				t.Source = sourceComparing(`bytes.Equal([]byte(credential), []byte(secret))`, `"bytes"`)
			}),
			MustFail: []string{"constant-time-compare"},
		},
	}
}

// Models trusting a session once it was opened with the secret: the id the
// MCP server hands out on initialize is remembered, and a later request
// naming it needs no credential.
func trustsSessions(secret string, next http.Handler) http.Handler {
	guarded := goodMiddleware(secret, next)
	var mu sync.Mutex
	trusted := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		known := trusted[r.Header.Get("Mcp-Session-Id")]
		mu.Unlock()
		if known { // BUG: a session id is no credential
			next.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
		if id := w.Header().Get("Mcp-Session-Id"); id != "" {
			mu.Lock()
			trusted[id] = true
			mu.Unlock()
		}
	})
}

// Models remembering the last credential that worked, so that a client
// that leaves the header out now and then keeps working.
func remembersLastGood(secret string, next http.Handler) http.Handler {
	var mu sync.Mutex
	var last string
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		mu.Lock()
		if header == "" {
			header = last // BUG: another request's credential
		}
		mu.Unlock()
		if header == "" {
			refuseMissing(w)
			return
		}
		if credential, ok := bearerCredential(header); !ok || !sameSecret(credential, secret) {
			refuseWrong(w)
			return
		}
		mu.Lock()
		last = header
		mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// packageSecret is the package-level variable protectSharedSecret keeps
// the secret in.
var packageSecret string

// Models a secret stored in a package-level variable by Protect: every
// handler reads the last Protect's secret.
func protectSharedSecret(next http.Handler) (http.Handler, error) {
	packageSecret = os.Getenv(SecretEnv) // BUG: shared by every handler
	if packageSecret == "" {
		return nil, basicauth.ErrNoSecret
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		goodMiddleware(packageSecret, next).ServeHTTP(w, r)
	}), nil
}

// Models reading the environment on every request: whoever changes it
// later changes the secret.
func protectReadsEnvPerRequest(next http.Handler) (http.Handler, error) {
	if os.Getenv(SecretEnv) == "" {
		return nil, basicauth.ErrNoSecret
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		goodMiddleware(os.Getenv(SecretEnv), next).ServeHTTP(w, r) // BUG: read once, in Protect
	}), nil
}

// sharedCredential models keeping the request being checked in a field of
// the middleware, as if requests came one at a time. A mutex keeps the
// race detector quiet, but not the logic right: while one request waits on
// a slow step (here a lookup of the secret, as in a secret store), another
// overwrites the field, and each may get the other's answer.
type sharedCredential struct {
	secret string
	next   http.Handler

	mu         sync.Mutex
	credential string // BUG: one field for every request in flight
}

func (m *sharedCredential) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	header := r.Header.Get("Authorization")
	if header == "" {
		refuseMissing(w)
		return
	}
	credential, ok := bearerCredential(header)
	m.mu.Lock()
	m.credential = credential
	m.mu.Unlock()
	secret := m.lookupSecret()
	m.mu.Lock()
	credential = m.credential
	m.mu.Unlock()
	if !ok || !sameSecret(credential, secret) {
		refuseWrong(w)
		return
	}
	m.next.ServeHTTP(w, r)
}

// lookupSecret stands for a call to a secret store: it lets other
// goroutines run a while, as waiting on the network would. (It yields
// rather than sleeps, which keeps the grader's own tests quick.)
func (m *sharedCredential) lookupSecret() string {
	for range 200 {
		runtime.Gosched()
	}
	return m.secret
}

// Models comparing the credential with == (or bytes.Equal): behaviour
// cannot tell it from the solution; its source can.
func plainEquality(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		credential, ok := bearerCredential(header)
		return ok && credential == secret // BUG: stops at the first byte that differs
	})
}

// sourceComparing is the source of a package whose middleware compares the
// credential with compare, importing imports besides its usual ones.
func sourceComparing(compare string, imports ...string) fs.FS {
	src := fmt.Sprintf(`package basicauth

import (
	%s
	"net/http"
	"os"
	"strings"
)

func Protect(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv)
	if secret == "" {
		return nil, ErrNoSecret
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, credential, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || !(%s) {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	}), nil
}
`, strings.Join(imports, "\n\t"), compare)
	return fstest.MapFS{
		"auth.go":         {Data: []byte(src)},
		"authlab_test.go": {Data: []byte("//go:build authlab\n\npackage basicauth\n")},
	}
}
