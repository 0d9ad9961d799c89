package basicauthcheck

// Known-bad implementations of stage 1 ("mutants"). Each one is the reference
// solution (authlab/solutions/basicauth) with one classic mistake;
// checks_test.go proves that the grader catches every one of them, and that
// every check catches at least one.

import (
	"authlab/grader/gradertest"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"

	"authlab/solutions/basicauth"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{Protect: basicauth.Protect, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools}

// The five denial checks that expect a 403.
var forbiddenChecks = []string{"wrong-secret-403", "wrong-scheme-403", "raw-secret-403", "secret-prefix-403", "secret-suffix-403"}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close).
func mutants() []mutant {
	var strays strayListeners
	return []mutant{
		// --- the middleware ---------------------------------------------
		{
			Name:     "guards POST only",
			Target:   withMiddleware(postOnly),
			MustFail: []string{"every-method-guarded"},
		},
		{
			Name:     "forgets return after 401",
			Target:   withMiddleware(forgetsReturnAfter401),
			MustFail: []string{"missing-header-401", "empty-header-401", "every-method-guarded"},
		},
		{
			Name:     "forgets return after 403",
			Target:   withMiddleware(forgetsReturnAfter403),
			MustFail: slices.Concat(forbiddenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "401 without WWW-Authenticate",
			Target:   withMiddleware(noChallenge),
			MustFail: []string{"missing-header-401", "empty-header-401", "every-method-guarded"},
		},
		{
			Name:     "empty header is not 401",
			Target:   withMiddleware(onlyMissingIs401),
			MustFail: []string{"empty-header-401"},
		},
		{
			Name:     "wrong secret answered 401",
			Target:   withMiddleware(wrongSecretIs401),
			MustFail: slices.Concat(forbiddenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "scheme ignored",
			Target:   withMiddleware(ignoresScheme),
			MustFail: []string{"wrong-scheme-403"},
		},
		{
			Name:     "strings.Contains(header, secret)",
			Target:   withMiddleware(containsSecret),
			MustFail: []string{"wrong-scheme-403", "raw-secret-403", "secret-suffix-403"},
		},
		{
			Name:     "strings.HasPrefix(secret, credential)",
			Target:   withMiddleware(acceptsPrefix),
			MustFail: []string{"secret-prefix-403"},
		},
		{
			Name:     "strings.HasPrefix(credential, secret)",
			Target:   withMiddleware(acceptsSuffix),
			MustFail: []string{"secret-suffix-403"},
		},
		{
			Name:     "header[7:]: scheme never read",
			Target:   withMiddleware(fixedOffset),
			MustFail: []string{"wrong-scheme-403"},
		},
		{
			Name:     "strings.Fields: second word only",
			Target:   withMiddleware(secondWord),
			MustFail: []string{"secret-suffix-403"},
		},
		{
			Name:     "strings.Split(header, \" \")[1]",
			Target:   withMiddleware(splitIndex),
			MustFail: []string{"wrong-scheme-403", "raw-secret-403", "secret-suffix-403"},
		},
		{
			Name:     "case-sensitive scheme",
			Target:   withMiddleware(caseSensitiveScheme),
			MustFail: []string{"scheme-any-case"},
		},
		{
			Name:     "denies the right secret too",
			Target:   withMiddleware(deniesEverything),
			MustFail: []string{"right-secret-works", "scheme-any-case"},
		},
		{
			Name:     "hard-coded secret",
			Target:   Target{Protect: hardCodedSecret, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools},
			MustFail: []string{"right-secret-works", "scheme-any-case", "unset-secret-refused", "empty-secret-refused"},
		},

		// --- the client -------------------------------------------------
		{
			// Models the stub's TODO left as is: the SDK's default http.Client sends no credential.
			Name: "ListTools ignores the secret",
			Target: Target{Protect: basicauth.Protect, NewTransport: basicauth.NewTransport, ListTools: func(ctx context.Context, endpoint, _ string) ([]string, error) {
				return listToolsWith(ctx, endpoint, nil)
			}},
			MustFail: []string{"client-lists-tools", "client-header-every-request"},
		},
		{
			// Models a placeholder left in place: no error, no tools, no request.
			Name: "ListTools never written",
			Target: Target{Protect: basicauth.Protect, NewTransport: basicauth.NewTransport, ListTools: func(context.Context, string, string) ([]string, error) {
				return nil, nil
			}},
			MustFail: []string{"client-lists-tools", "client-header-every-request"},
		},
		{
			Name: "header on the first request only",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &firstOnlyTransport{secret: secret, base: base}
			}),
			MustFail: []string{"client-lists-tools", "client-header-every-request"},
		},
		{
			Name: "header on POST only",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &postOnlyTransport{secret: secret, base: base}
			}),
			// client-keeps-request sends a GET, which gets no header either.
			MustFail: []string{"client-header-every-request", "client-keeps-request"},
		},
		{
			Name: "RoundTrip mutates the request",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &mutatingTransport{secret: secret, base: base}
			}),
			MustFail: []string{"client-keeps-request"},
		},
		{
			Name: "RoundTrip ignores base",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &ignoresBaseTransport{secret: secret}
			}),
			MustFail: []string{"client-keeps-request"},
		},
		{
			Name: "secret sent without Bearer",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &bareSecretTransport{secret: secret, base: base}
			}),
			MustFail: []string{"client-lists-tools", "client-header-every-request", "client-keeps-request"},
		},

		// --- starting the server ----------------------------------------
		{
			Name:     "no check on an empty secret",
			Target:   Target{Protect: noSecretCheck, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools},
			MustFail: []string{"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "LookupEnv: refuses only an unset secret",
			Target:   Target{Protect: refusesOnlyUnset, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools},
			MustFail: []string{"empty-secret-refused"},
		},
		{
			Name:     "error does not name AUTHLAB_SECRET",
			Target:   Target{Protect: vagueError, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools},
			MustFail: []string{"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "handler returned with the error",
			Target:   Target{Protect: handlerWithError, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools},
			MustFail: []string{"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "serves itself on every interface",
			Target:   Target{Protect: strays.protect, NewTransport: basicauth.NewTransport, ListTools: basicauth.ListTools},
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.close,
		},
	}
}

// withMiddleware is the solution with its per-request middleware replaced by
// mw; reading the secret and the client stay correct.
func withMiddleware(mw func(secret string, next http.Handler) http.Handler) Target {
	return Target{
		Protect: func(next http.Handler) (http.Handler, error) {
			secret := os.Getenv(SecretEnv)
			if secret == "" {
				return nil, basicauth.ErrNoSecret
			}
			return mw(secret, next), nil
		},
		NewTransport: basicauth.NewTransport,
		ListTools:    basicauth.ListTools,
	}
}

// withTransport is the solution with its RoundTripper replaced by the one
// newTransport builds, used by both NewTransport and ListTools.
func withTransport(newTransport func(secret string, base http.RoundTripper) http.RoundTripper) Target {
	return Target{
		Protect:      basicauth.Protect,
		NewTransport: newTransport,
		ListTools: func(ctx context.Context, endpoint, secret string) ([]string, error) {
			return listToolsWith(ctx, endpoint, &http.Client{Transport: newTransport(secret, http.DefaultTransport)})
		},
	}
}

// ---- middleware mutants (copies of the solution's handler) ---------------

// Models the chapter's Express snippet: the 401 is written, but without a
// `return` the request carries on to the MCP handler.
func forgetsReturnAfter401(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			// BUG: no return
		} else {
			scheme, credential, ok := strings.Cut(header, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") ||
				subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
				http.Error(w, "Forbidden", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Models a missing `return` after the 403: the client sees 403, the tool runs.
func forgetsReturnAfter403(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			// BUG: no return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a 401 with no challenge (RFC 9110 requires WWW-Authenticate on a 401).
func noChallenge(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			// BUG: no WWW-Authenticate header
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models testing the header's presence instead of its value: an empty header
// falls through to the 403 branch.
func onlyMissingIs401(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.Header["Authorization"]; !ok { // BUG: present but empty passes
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		header := r.Header.Get("Authorization")
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models answering every refusal 401 (the standard's rule, not this stage's).
func wrongSecretIs401(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		scheme, credential, ok := strings.Cut(header, " ")
		if header == "" || !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized) // BUG: 401 for a wrong credential too
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models comparing only what follows the first space, whatever the scheme.
func ignoresScheme(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		_, credential, _ := strings.Cut(header, " ") // BUG: the scheme is never checked
		if subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models searching for the secret anywhere in the header.
func containsSecret(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if !strings.Contains(header, secret) { // BUG: any header mentioning the secret passes
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a prefix test the wrong way round: any leading part of the secret passes.
func acceptsPrefix(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			!strings.HasPrefix(secret, credential) { // BUG: part of the secret is enough
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a prefix test on the credential: the secret followed by junk passes.
func acceptsSuffix(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			!strings.HasPrefix(credential, secret) { // BUG: extra characters pass
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models Go's authHeader.substring(7): cut off len("Bearer ") characters
// without looking at them, so any 6-letter scheme passes.
func fixedOffset(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if len(header) <= len("Bearer ") ||
			subtle.ConstantTimeCompare([]byte(header[len("Bearer "):]), []byte(secret)) != 1 { // BUG: the scheme is skipped, not checked
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models taking the header's second word as the credential: anything after
// it is ignored.
func secondWord(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		parts := strings.Fields(header)
		if len(parts) < 2 || !strings.EqualFold(parts[0], "Bearer") || // BUG: should be len(parts) != 2
			subtle.ConstantTimeCompare([]byte(parts[1]), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models the Express idiom authorization.split(' ')[1]: no scheme check, and
// in Go a header without a space panics (index out of range).
func splitIndex(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		credential := strings.Split(header, " ")[1] // BUG
		if subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a case-sensitive scheme (RFC 9110 §11.1 makes it case-insensitive).
func caseSensitiveScheme(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || scheme != "Bearer" || // BUG: "bearer" is refused
			subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models comparing the credential with "Bearer <secret>" after stripping the
// scheme: nothing ever matches, so the server denies everything.
func deniesEverything(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(credential), []byte("Bearer "+secret)) != 1 { // BUG
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// goodMiddleware is the solution's middleware, for the Protect mutants below.
func goodMiddleware(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		scheme, credential, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") ||
			subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) != 1 {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models middleware that checks only the POSTs that carry tool calls, and
// waves through GET (the server's message stream) and DELETE (session end).
func postOnly(secret string, next http.Handler) http.Handler {
	guarded := goodMiddleware(secret, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost { // BUG
			next.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
	})
}

// ---- Protect mutants ------------------------------------------------------

// Models a secret written in the source instead of read from the environment.
func hardCodedSecret(next http.Handler) (http.Handler, error) {
	const secret = "correct-horse-battery-staple" // BUG
	return goodMiddleware(secret, next), nil
}

// Models os.Getenv with no check: an unset variable gives the empty secret.
func noSecretCheck(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv) // BUG: "" is accepted as a secret
	return goodMiddleware(secret, next), nil
}

// Models os.LookupEnv trusted alone: AUTHLAB_SECRET="" counts as set.
func refusesOnlyUnset(next http.Handler) (http.Handler, error) {
	secret, ok := os.LookupEnv(SecretEnv)
	if !ok { // BUG: an empty value passes
		return nil, basicauth.ErrNoSecret
	}
	return goodMiddleware(secret, next), nil
}

// Models an error that does not say which variable to set.
func vagueError(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv)
	if secret == "" {
		return nil, errors.New("no secret configured") // BUG: names no variable
	}
	return goodMiddleware(secret, next), nil
}

// Models building the handler first and returning it alongside the error.
func handlerWithError(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv)
	h := goodMiddleware(secret, next)
	if secret == "" {
		return h, basicauth.ErrNoSecret // BUG: the handler should be nil
	}
	return h, nil
}

// strayListeners models `go http.ListenAndServe(":8080", h)` inside Protect.
// It listens on ":0" (every interface, any free port, so it never collides
// with a real server) and keeps the listeners so that a test can close them.
type strayListeners struct {
	mu sync.Mutex
	ls []net.Listener
}

func (s *strayListeners) protect(next http.Handler) (http.Handler, error) {
	h, err := basicauth.Protect(next)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", ":0") // BUG: every network interface
	if err != nil {
		return nil, fmt.Errorf("listening: %w", err)
	}
	s.mu.Lock()
	s.ls = append(s.ls, ln)
	s.mu.Unlock()
	go http.Serve(ln, h)
	return h, nil
}

func (s *strayListeners) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ln := range s.ls {
		ln.Close()
	}
	s.ls = nil
}

// ---- client mutants -------------------------------------------------------

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

// Models authenticating the connection once, as if the server remembered it.
type firstOnlyTransport struct {
	secret string
	base   http.RoundTripper
	once   sync.Once
}

func (t *firstOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	t.once.Do(func() { r.Header.Set("Authorization", "Bearer "+t.secret) }) // BUG
	return t.base.RoundTrip(r)
}

// Models adding the header to JSON-RPC POSTs only, forgetting the session's
// other requests (the GET that opens its event stream, the DELETE that
// closes it).
type postOnlyTransport struct {
	secret string
	base   http.RoundTripper
}

func (t *postOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if r.Method == http.MethodPost { // BUG
		r.Header.Set("Authorization", "Bearer "+t.secret)
	}
	return t.base.RoundTrip(r)
}

// Models setting the header on the caller's request, breaking the
// RoundTripper contract.
type mutatingTransport struct {
	secret string
	base   http.RoundTripper
}

func (t *mutatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+t.secret) // BUG: no Clone
	return t.base.RoundTrip(req)
}

// Models sending through http.DefaultTransport instead of the base given.
type ignoresBaseTransport struct {
	secret string
}

func (t *ignoresBaseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.secret)
	return http.DefaultTransport.RoundTrip(r) // BUG: base is ignored
}

// Models sending the bare secret, forgetting the Bearer scheme.
type bareSecretTransport struct {
	secret string
	base   http.RoundTripper
}

func (t *bareSecretTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", t.secret) // BUG: no "Bearer "
	return t.base.RoundTrip(r)
}
