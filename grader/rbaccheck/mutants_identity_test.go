package rbaccheck

// Mutants that get the identity wrong: handed on badly, remembered per
// session, or shared between concurrent requests.

import (
	"context"
	"net/http"
	"slices"
	"sync"

	"authlab/internal/jwtconfig"
	"authlab/solutions/rbac"

	"github.com/modelcontextprotocol/go-sdk/auth"
)

func identityMutants() []mutant {
	identity := []string{"identity-reaches-tools", "differential"}
	var remembered, trusted, asToken sessionMemory
	var shared sharedClaims
	return []mutant{
		// --- handing the identity on --------------------------------------
		{
			// Stage 2's way: a context key of its own, out of the tools' reach.
			Name:     "identity under its own context key",
			Target:   withHandOn(ownContextKey),
			MustFail: identity,
		},
		{
			// The differential's identity headers name the real user, so
			// only the fixed check, naming someone else, sees this.
			Name:     "X-User header overrides the token's sub",
			Target:   withHandOn(userFromHeader),
			MustFail: []string{"identity-reaches-tools"},
		},
		{
			Name:     "UserID from the name claim",
			Target:   withHandOn(userFromName),
			MustFail: identity,
		},
		{
			Name:     "Scopes: only the permission checked",
			Target:   withHandOn(onlyCheckedScope),
			MustFail: identity,
		},
		{
			// The go-sdk answers 401, with no challenge, to a TokenInfo
			// without Expiration.
			Name:     "TokenInfo without Expiration",
			Target:   withHandOn(noExpiration),
			MustFail: slices.Concat(grantedChecks, []string{"leeway-window", "differential"}),
		},
		{
			// The reference solution's own former bug: ParseToken's leeway
			// lets a token expired seconds ago past, then the go-sdk
			// refuses it with a 401 that carries no challenge.
			Name:     "RequireBearerToken without ClockSkew",
			Target:   withHandOn(noClockSkew),
			MustFail: []string{"leeway-window", "differential"},
		},

		// --- one session, many requests -----------------------------------
		{
			Name:     "decision remembered per session",
			Target:   withMiddleware(remembered.decidedOnce),
			MustFail: []string{"checked-every-request", "differential"},
		},
		{
			Name:   "session id trusted as a credential",
			Target: withMiddleware(trusted.sessionTrusted),
			// Every request on a granted session passes, whatever it carries.
			MustFail: []string{"bearer-scheme-forms", "leeway-window", "checked-every-request", "session-id-not-credential", "differential"},
		},
		{
			Name:     "session id accepted as a bearer token",
			Target:   withMiddleware(asToken.sessionAsToken),
			MustFail: []string{"session-id-not-credential"},
		},

		// --- concurrent requests ------------------------------------------
		{
			// A mutex keeps the race detector quiet: only the answers
			// show that one caller's claims reach another's request.
			Name:     "current claims in a package-level variable",
			Target:   withMiddleware(currentClaimsMiddleware),
			MustFail: []string{"concurrent-callers-isolated"},
		},
		{
			Name:     "claims in a field of the shared middleware",
			Target:   withMiddleware(shared.middleware),
			MustFail: []string{"concurrent-callers-isolated"},
		},
	}
}

// ---- handing the identity on -----------------------------------------------

type claimsKey struct{}

// Models stage 2's context key: the MCP handlers never see it.
func ownContextKey(claims *rbac.Claims, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims))) // BUG: no TokenInfo
	})
}

// Models letting a header the caller writes override the verified sub, as
// for a proxy or a test client "acting as" someone.
func userFromHeader(claims *rbac.Claims, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user := claims.Subject
		if u := r.Header.Get("X-User"); u != "" { // BUG: anyone can claim to be anyone
			user = u
		}
		info := &auth.TokenInfo{UserID: user, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
		withTokenInfo(info, next).ServeHTTP(w, r)
	})
}

// Models the display name as the user id.
func userFromName(claims *rbac.Claims, next http.Handler) http.Handler {
	info := &auth.TokenInfo{UserID: claims.Name, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time} // BUG: sub
	return withTokenInfo(info, next)
}

// Models handing on the permission that was checked instead of the token's
// list: the tools cannot grant anything more.
func onlyCheckedScope(claims *rbac.Claims, next http.Handler) http.Handler {
	info := &auth.TokenInfo{UserID: claims.Subject, Scopes: []string{rbac.RequiredPermission}, Expiration: claims.ExpiresAt.Time} // BUG
	return withTokenInfo(info, next)
}

// Models a TokenInfo without Expiration: RequireBearerToken refuses it.
func noExpiration(claims *rbac.Claims, next http.Handler) http.Handler {
	info := &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions} // BUG: no Expiration
	return withTokenInfo(info, next)
}

// Models RequireBearerToken's default, no clock skew, behind a parser
// with a leeway.
func noClockSkew(claims *rbac.Claims, next http.Handler) http.Handler {
	info := &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
	verified := func(context.Context, string, *http.Request) (*auth.TokenInfo, error) { return info, nil }
	return auth.RequireBearerToken(verified, nil)(next) // BUG: refuses, without a challenge, what ParseToken accepted
}

// ---- one session, many requests -------------------------------------------

// sessionMemory models middleware that remembers what it decided for each
// MCP session, by its Mcp-Session-Id.
type sessionMemory struct {
	mu      sync.Mutex
	granted map[string]*auth.TokenInfo
}

func (s *sessionMemory) remember(r *http.Request, claims *rbac.Claims) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.granted == nil {
		s.granted = map[string]*auth.TokenInfo{}
	}
	if id := r.Header.Get("Mcp-Session-Id"); id != "" {
		s.granted[id] = &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
	}
}

func (s *sessionMemory) recall(id string) *auth.TokenInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.granted[id]
}

// grantAndRemember is the solution's hand-on step, noting the session as
// granted.
func (s *sessionMemory) grantAndRemember(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	m := good
	m.handOn = func(claims *rbac.Claims, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.remember(r, claims)
			handOnTokenInfo(claims, next).ServeHTTP(w, r)
		})
	}
	return m.requirePermission(cfg, perm, next)
}

// Models deciding once per session: the token is still validated on every
// request, but the user and permission are looked at only for the first.
func (s *sessionMemory) decidedOnce(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	granting := s.grantAndRemember(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			refuseMissing(w, perm)
			return
		}
		if _, err := rbac.ParseToken(cfg, token); err != nil {
			refuseInvalid(w, perm)
			return
		}
		if info := s.recall(r.Header.Get("Mcp-Session-Id")); info != nil { // BUG: this request's token decides
			withTokenInfo(info, next).ServeHTTP(w, r)
			return
		}
		granting.ServeHTTP(w, r)
	})
}

// Models a session id, once granted, standing in for the token.
func (s *sessionMemory) sessionTrusted(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	granting := s.grantAndRemember(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info := s.recall(r.Header.Get("Mcp-Session-Id")); info != nil { // BUG: a session id is no credential
			withTokenInfo(info, next).ServeHTTP(w, r)
			return
		}
		granting.ServeHTTP(w, r)
	})
}

// Models a granted session's id accepted as a bearer token, a "session
// token" that saves clients from sending the JWT again.
func (s *sessionMemory) sessionAsToken(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	granting := s.grantAndRemember(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token, ok := bearerToken(r); ok {
			if info := s.recall(token); info != nil { // BUG: a session id is no credential
				withTokenInfo(info, next).ServeHTTP(w, r)
				return
			}
		}
		granting.ServeHTTP(w, r)
	})
}

// ---- concurrent requests ---------------------------------------------------

// currentClaims models a package-level "current request" variable.
var (
	currentMu     sync.Mutex
	currentClaims *rbac.Claims
)

// Models keeping the claims being judged in a package-level variable,
// written and read under a mutex: between the write and the reads,
// another request may have replaced them.
func currentClaimsMiddleware(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return good.authenticated(cfg, perm, func(w http.ResponseWriter, r *http.Request, claims *rbac.Claims) {
		setCurrent(claims)
		if !userExists(cfg, current()) {
			refuseUnknown(w, perm)
			return
		}
		if !slices.Contains(current().Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(current(), next).ServeHTTP(w, r)
	})
}

func setCurrent(c *rbac.Claims) {
	currentMu.Lock()
	defer currentMu.Unlock()
	currentClaims = c // BUG: shared by every request in flight
}

func current() *rbac.Claims {
	currentMu.Lock()
	defer currentMu.Unlock()
	return currentClaims
}

// sharedClaims models middleware as a struct whose field holds the claims
// of the request being served.
type sharedClaims struct {
	mu     sync.Mutex
	claims *rbac.Claims
}

func (s *sharedClaims) set(c *rbac.Claims) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims = c // BUG: one field for every request in flight
}

func (s *sharedClaims) get() *rbac.Claims {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.claims
}

func (s *sharedClaims) middleware(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return good.authenticated(cfg, perm, func(w http.ResponseWriter, r *http.Request, claims *rbac.Claims) {
		s.set(claims)
		if !userExists(cfg, s.get()) {
			refuseUnknown(w, perm)
			return
		}
		if !slices.Contains(s.get().Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(s.get(), next).ServeHTTP(w, r)
	})
}
