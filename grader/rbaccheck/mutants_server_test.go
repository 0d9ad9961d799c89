package rbaccheck

// Mutants that get the server around the middleware wrong: its start-up
// checks, its sockets, its logs, state shared between servers, and a cache
// of tokens.

import (
	"errors"
	"log"
	"net/http"
	"sync"
	"time"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	"authlab/solutions/rbac"
)

func serverMutants() []mutant {
	var strays strayListeners
	var global globalConfig
	return []mutant{
		// --- starting the server ------------------------------------------
		{
			Name:     "no key length check",
			Target:   withConfigCheck(noKeyCheck),
			MustFail: []string{"weak-key-refused"},
		},
		{
			Name:     "only an empty key refused",
			Target:   withConfigCheck(onlyEmptyKeyRefused),
			MustFail: []string{"weak-key-refused"},
		},
		{
			Name:     "a key of exactly 32 bytes refused",
			Target:   withConfigCheck(minimumKeyRefused),
			MustFail: []string{"min-length-key-accepted"},
		},
		{
			Name:     "no user store accepted",
			Target:   withConfigCheck(storeNotChecked),
			MustFail: []string{"nil-user-store-refused"},
		},
		{
			Name:     "serves itself on every interface",
			Target:   Target{NewServer: strays.newServer},
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.Close,
		},

		// --- logs -----------------------------------------------------------
		{
			Name:     "refused token logged",
			Target:   withParse(parseLoggingFailures),
			MustFail: []string{"logs-hold-no-credentials"},
		},
		{
			Name:     "Authorization header logged",
			Target:   withMiddleware(loggingRequests),
			MustFail: []string{"logs-hold-no-credentials"},
		},

		// --- state beyond one request -------------------------------------
		{
			Name:     "configuration in a package-level variable",
			Target:   Target{NewServer: global.newServer},
			MustFail: []string{"two-servers-side-by-side"},
		},
		{
			Name:     "validated tokens cached past exp",
			Target:   Target{NewServer: newCachingServer},
			MustFail: []string{"no-cache-past-exp"},
		},
	}
}

// ---- NewServer mutants --------------------------------------------------

// Models trusting the key: golang-jwt signs and verifies with any HMAC key.
func noKeyCheck(cfg jwtconfig.Config) error {
	return checkRest(cfg) // BUG: no length check
}

// Models refusing only the empty key.
func onlyEmptyKeyRefused(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) == 0 { // BUG: < jwtconfig.MinKeyLen
		return errors.New("no signing key")
	}
	return checkRest(cfg)
}

// Models an off-by-one: the minimum itself refused.
func minimumKeyRefused(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) <= jwtconfig.MinKeyLen { // BUG: <
		return errors.New("the signing key is too short")
	}
	return checkRest(cfg)
}

// Models trusting the configuration to hold users.
func storeNotChecked(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return errors.New("the signing key is too short")
	}
	if cfg.Issuer == "" || cfg.Audience == "" { // BUG: cfg.Users == nil is not refused
		return errors.New("the configuration needs an issuer and an audience")
	}
	return nil
}

// strayListeners models `go http.ListenAndServe(":8080", h)` inside
// NewServer.
type strayListeners struct{ gradertest.StrayListeners }

func (s *strayListeners) newServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	h, err := rbac.NewServer(cfg, mcpHandler)
	if err != nil {
		return nil, err
	}
	if err := s.Serve(h); err != nil {
		return nil, err
	}
	return h, nil
}

// ---- logs ------------------------------------------------------------------

// Models logging why a token was refused, with the token.
func parseLoggingFailures(cfg jwtconfig.Config, raw string) (*rbac.Claims, error) {
	claims, err := rbac.ParseToken(cfg, raw)
	if err != nil {
		log.Printf("rbac: refused token %s: %v", raw, err) // BUG: the token is a credential
	}
	return claims, err
}

// Models a debugging access log left in.
func loggingRequests(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	guarded := good.requirePermission(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("rbac: %s %s Authorization: %q", r.Method, r.URL.Path, r.Header.Get("Authorization")) // BUG
		guarded.ServeHTTP(w, r)
	})
}

// ---- state beyond one request ---------------------------------------------

// globalConfig models the configuration kept in a package-level variable
// that every NewServer overwrites: the last server's key, issuer, audience
// and users apply to all.
type globalConfig struct {
	mu  sync.Mutex
	cfg jwtconfig.Config
}

func (g *globalConfig) newServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.cfg = cfg // BUG: every server shares it
	g.mu.Unlock()
	guarded := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		current := g.cfg
		g.mu.Unlock()
		good.requirePermission(current, rbac.RequiredPermission, mcpHandler).ServeHTTP(w, r)
	})
	mux := http.NewServeMux()
	mux.Handle("/mcp", guarded)
	return mux, nil
}

// newCachingServer is the solution with a cache of validated tokens of
// its own.
func newCachingServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	m := good
	m.parse = (&tokenCache{}).parse
	return newServer(checkConfig, m.requirePermission)(cfg, mcpHandler)
}

// tokenCache models caching validated tokens to skip verifying them again,
// with entries kept for a fixed five minutes.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]cachedClaims
}

type cachedClaims struct {
	claims *rbac.Claims
	until  time.Time
}

func (c *tokenCache) parse(cfg jwtconfig.Config, raw string) (*rbac.Claims, error) {
	c.mu.Lock()
	e, ok := c.entries[raw]
	c.mu.Unlock()
	if ok && time.Now().Before(e.until) {
		return e.claims, nil
	}
	claims, err := rbac.ParseToken(cfg, raw)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cachedClaims{}
	}
	c.entries[raw] = cachedClaims{claims, time.Now().Add(5 * time.Minute)} // BUG: the token may expire first
	return claims, nil
}
