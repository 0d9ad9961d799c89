package jwtauthcheck

// NewServer mutants: copies of the solution's configuration check and
// constructor, and the mistakes only two servers, or callers at once, show.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	"authlab/solutions/jwtauth"
)

func serverMutants() []mutant {
	var strays strayListeners
	return []mutant{
		{Name: "no key length check", Target: withConfigCheck(noKeyCheck), MustFail: []string{"weak-key-refused"}},
		{Name: "only an empty key refused", Target: withConfigCheck(onlyEmptyKeyRefused), MustFail: []string{"weak-key-refused"}},
		{Name: "handler returned with the error", Target: withServer(handlerWithError), MustFail: []string{"weak-key-refused", "nil-store-refused"}},
		{Name: "a 32-byte key refused", Target: withConfigCheck(minKeyRefused), MustFail: []string{"min-key-accepted"}},
		{Name: "no user store check", Target: withConfigCheck(noStoreCheck), MustFail: []string{"nil-store-refused"}},
		{Name: "an empty issuer or audience accepted", Target: withConfigCheck(emptyIssuerAccepted), MustFail: []string{"empty-issuer-audience-fail-closed"}},
		{Name: "serves itself on every interface", Target: withServer(strays.newServer), MustFail: gradertest.LoopbackFailures(), Cleanup: strays.Close},
		{Name: "hard-coded signing key", Target: withServer(hardCodedKey),
			MustFail: slices.Concat([]string{"login-issues-token"}, validTokenChecks)},
		{Name: "the last configuration wins", Target: withServer(lastConfigWins()), MustFail: []string{"side-by-side"}},
		{Name: "the verdict kept in a field shared by every request", Target: withMiddleware(sharedVerdict), MustFail: []string{"concurrent-callers"}},
		{Name: "X-Forwarded-For: 127.0.0.1 trusted", Target: withMiddleware(trustsLoopbackProxy), MustFail: []string{"differential", "differential-deep"}},
	}
}

// Models the stub's TODO left as is: golang-jwt signs with any key, even
// an empty one.
func noKeyCheck(cfg jwtconfig.Config) error {
	// BUG: no len(cfg.SigningKey) check
	return checkRest(cfg)
}

// Models refusing a missing key only: a short one can be brute-forced.
func onlyEmptyKeyRefused(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) == 0 { // BUG: should be < jwtconfig.MinKeyLen
		return fmt.Errorf("no signing key (set %s)", jwtconfig.KeyEnv)
	}
	return checkRest(cfg)
}

// Models building the handler first and returning it alongside the error.
func handlerWithError(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", loginWith(authenticate, jwtauth.IssueToken)(cfg))
	mux.Handle("/mcp", jwtauth.RequireToken(cfg, mcpHandler))
	if err := checkConfig(cfg); err != nil {
		return mux, err // BUG: the handler should be nil
	}
	return mux, nil
}

// strayListeners models `go http.ListenAndServe(":8080", h)` inside
// NewServer.
type strayListeners struct{ gradertest.StrayListeners }

func (s *strayListeners) newServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	h, err := jwtauth.NewServer(cfg, mcpHandler)
	if err != nil {
		return nil, err
	}
	if err := s.Serve(h); err != nil {
		return nil, err
	}
	return h, nil
}

// Models an off-by-one: the minimum is refused, though RFC 7518 asks for
// at least 32 bytes.
func minKeyRefused(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) <= jwtconfig.MinKeyLen { // BUG: < jwtconfig.MinKeyLen
		return fmt.Errorf("the signing key must be longer than %d bytes", jwtconfig.MinKeyLen)
	}
	return checkRest(cfg)
}

// Models trusting the caller of NewServer to pass users: with none, the
// server starts and panics at the first login.
func noStoreCheck(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return fmt.Errorf("the signing key is %d bytes; it must be at least %d", len(cfg.SigningKey), jwtconfig.MinKeyLen)
	}
	if cfg.Issuer == "" || cfg.Audience == "" || cfg.TokenTTL <= 0 { // BUG: cfg.Users == nil is not refused
		return errors.New("the configuration needs an issuer, an audience and a token lifetime")
	}
	return nil
}

// Models a key written in the source: the configured key is checked, then
// ignored, so anyone who reads the code can forge tokens.
func hardCodedKey(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	cfg.SigningKey = []byte("authlab-lab-signing-key-0123456789") // BUG
	return good.newServer(cfg, mcpHandler)
}

// Models the configuration kept in a package-level variable that NewServer
// sets: one server at a time works, but a second one takes over the
// first's key, issuer and audience. The variable lives in the closure, so
// that each test gets its own.
func lastConfigWins() func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	var (
		mu      sync.RWMutex
		current jwtconfig.Config // BUG: one configuration for every server
	)
	config := func() jwtconfig.Config {
		mu.RLock()
		defer mu.RUnlock()
		return current
	}
	return func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
		if err := checkConfig(cfg); err != nil {
			return nil, err
		}
		mu.Lock()
		current = cfg
		mu.Unlock()
		mux := http.NewServeMux()
		mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) { good.login(config())(w, r) })
		mux.Handle("/mcp", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			jwtauth.RequireToken(config(), mcpHandler).ServeHTTP(w, r)
		}))
		return mux, nil
	}
}

// errNoToken is sharedVerdict's verdict for a request without a token.
var errNoToken = errors.New("no token")

// verdictGuard models middleware written as a struct that keeps each
// request's verdict in a field for its refusal helper, and slows down
// callers without a token: a request in flight meanwhile overwrites the
// verdict, and the slow caller gets its answer.
type verdictGuard struct {
	cfg     jwtconfig.Config
	next    http.Handler
	verdict error // BUG: one field for every request in flight
}

func sharedVerdict(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return &verdictGuard{cfg: cfg, next: next}
}

func (g *verdictGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.verdict = errNoToken
	if token, ok := bearer(r); ok {
		_, g.verdict = jwtauth.ParseToken(g.cfg, token)
	}
	if g.verdict == errNoToken {
		time.Sleep(time.Millisecond) // slow down scanners
	}
	if g.verdict != nil {
		g.refuse(w)
		return
	}
	g.next.ServeHTTP(w, r)
}

func (g *verdictGuard) refuse(w http.ResponseWriter) {
	if g.verdict == errNoToken {
		refuseMissing(w)
		return
	}
	refuseInvalid(w)
}

// Models "traffic from our own proxy host is internal": the header that
// says so is written by the caller.
func trustsLoopbackProxy(cfg jwtconfig.Config, next http.Handler) http.Handler {
	protected := jwtauth.RequireToken(cfg, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Forwarded-For") == "127.0.0.1" { // BUG: anyone can send this header
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// Models checking only what cannot be left out: with an empty issuer,
// golang-jwt's WithIssuer("") checks nothing, and any issuer gets in.
func emptyIssuerAccepted(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return errors.New("short key")
	}
	if cfg.Users == nil || cfg.TokenTTL <= 0 { // BUG: the issuer and audience go unchecked
		return errors.New("the configuration needs users and a token lifetime")
	}
	return nil
}
