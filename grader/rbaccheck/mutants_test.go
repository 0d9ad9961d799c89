package rbaccheck

// Known-bad implementations of stage 3 ("mutants"). Each one is the reference
// solution (authlab/solutions/rbac) with one classic mistake, marked
// `// BUG`; checks_test.go proves that the grader catches every one of them,
// and that every check catches at least one.

import (
	"authlab/grader/gradertest"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
	"authlab/solutions/jwtauth"
	"authlab/solutions/rbac"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{NewServer: rbac.NewServer}

// The two checks that send an invalid token and expect 401 with
// error="invalid_token".
var invalidTokenChecks = []string{"invalid-token-401", "invalid-without-permission-401"}

// The three checks that send a valid token of an existing user without
// User.Read and expect 403 with error="insufficient_scope",
// scope="User.Read". (unknown-user-403 expects a 403 with any challenge.)
var insufficientScopeChecks = []string{"no-permission-403", "near-miss-permission-403", "odd-claims-403"}

// The two checks that need a valid token with User.Read to get through.
var grantedChecks = []string{"with-permission-works", "identity-reaches-tools"}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close).
func mutants() []mutant {
	var strays strayListeners
	nearMiss := []string{"near-miss-permission-403"}
	oddClaims := []string{"odd-claims-403"}
	identity := []string{"identity-reaches-tools"}
	return []mutant{
		// --- authentication first -----------------------------------------
		{
			Name:     "guards POST only",
			Target:   withMiddleware(postOnly),
			MustFail: []string{"every-method-guarded"},
		},
		{
			Name:     "no token answered 403",
			Target:   withMiddleware(missingIs403),
			MustFail: []string{"missing-token-401", "every-method-guarded"},
		},
		{
			Name:     "invalid token answered 403",
			Target:   withMiddleware(invalidIs403),
			MustFail: slices.Concat(invalidTokenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "permission judged before the token is verified",
			Target:   withMiddleware(permissionBeforeValidation),
			MustFail: []string{"invalid-without-permission-401"},
		},

		// --- the user -----------------------------------------------------
		{
			Name:     "user never looked up",
			Target:   withMiddleware(noUserLookup),
			MustFail: []string{"unknown-user-403"},
		},
		{
			Name:     "unknown user answered 401",
			Target:   withMiddleware(unknownUserIs401),
			MustFail: []string{"unknown-user-403"},
		},
		{
			Name:     "forgets return after the unknown-user 403",
			Target:   withMiddleware(forgetsReturnAfterUnknownUser),
			MustFail: []string{"unknown-user-403"},
		},
		{
			// The chapter's sample looks users up by name: nobody is found.
			Name:     "user looked up by name, not sub",
			Target:   withMiddleware(lookupByName),
			MustFail: grantedChecks,
		},

		// --- matching the permission --------------------------------------
		{
			Name:     "strings.EqualFold",
			Target:   withMatch(equalFold),
			MustFail: nearMiss,
		},
		{
			Name:     "strings.Contains over the joined list",
			Target:   withMatch(containsJoined),
			MustFail: nearMiss,
		},
		{
			Name:     "strings.Contains on each permission",
			Target:   withMatch(containsEach),
			MustFail: nearMiss,
		},
		{
			Name:     "strings.HasPrefix",
			Target:   withMatch(hasPrefix),
			MustFail: nearMiss,
		},
		{
			Name:     "strings.TrimSpace",
			Target:   withMatch(trimmed),
			MustFail: nearMiss,
		},
		{
			Name:     "only the first permission looked at",
			Target:   withMatch(firstOnly),
			MustFail: []string{"with-permission-works"},
		},

		// --- the 403 ------------------------------------------------------
		{
			Name:   "403 without a challenge",
			Target: withForbid(forbidWithoutChallenge),
			// unknown-user-403 asks for a 403 and no particular challenge.
			MustFail: insufficientScopeChecks,
		},
		{
			Name:     `403 without scope="User.Read"`,
			Target:   withForbid(forbidWithoutScope),
			MustFail: insufficientScopeChecks,
		},
		{
			Name:     "forgets return after the permission 403",
			Target:   withMiddleware(forgetsReturnAfterForbid),
			MustFail: insufficientScopeChecks,
		},
		{
			Name:     "permission left to RequireBearerToken's Scopes",
			Target:   withMiddleware(sdkScopes),
			MustFail: insufficientScopeChecks,
		},

		// --- odd permissions claims ---------------------------------------
		{
			// Models the stub's TODO left as is.
			Name:     "Permissions []string (stage 2's Claims)",
			Target:   withParse(strictClaims),
			MustFail: oddClaims,
		},
		{
			Name:     "unchecked type assertion on MapClaims",
			Target:   withParse(mapClaimsAsserted),
			MustFail: oddClaims,
		},
		{
			Name:     "a string claim split into a list",
			Target:   withParse(parseAs[splitPermissions]),
			MustFail: oddClaims,
		},
		{
			Name:     "strings from a mixed list picked out",
			Target:   withParse(parseAs[stringsPickedOut]),
			MustFail: oddClaims,
		},

		// --- handing the identity on --------------------------------------
		{
			// Stage 2's way: a context key of its own, out of the tools' reach.
			Name:     "identity under its own context key",
			Target:   withHandOn(ownContextKey),
			MustFail: identity,
		},
		{
			Name:     "X-User header overrides the token's sub",
			Target:   withHandOn(userFromHeader),
			MustFail: identity,
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
			// The go-sdk answers 401 to a TokenInfo without Expiration.
			Name:     "TokenInfo without Expiration",
			Target:   withHandOn(noExpiration),
			MustFail: grantedChecks,
		},

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
			Name:     "serves itself on every interface",
			Target:   Target{NewServer: strays.newServer},
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.close,
		},
	}
}

// ---- assembling a mutant from the solution's parts -----------------------

// middleware is the solution's RequirePermission taken apart, so that a
// mutant replaces one part: how the token is parsed, how the permission is
// matched, how the 403 is written or how the identity is handed on.
type middleware struct {
	parse  func(cfg jwtconfig.Config, raw string) (*rbac.Claims, error)
	match  func(granted []string, perm string) bool
	forbid func(w http.ResponseWriter, perm string)
	handOn func(claims *rbac.Claims, next http.Handler) http.Handler
}

// good is the solution, part by part.
var good = middleware{
	parse:  rbac.ParseToken,
	match:  slices.Contains[[]string, string],
	forbid: forbid,
	handOn: handOnTokenInfo,
}

// Models middleware that checks only the POSTs that carry tool calls, and
// waves through GET (the server's message stream) and DELETE (session end).
func postOnly(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	guarded := rbac.RequirePermission(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost { // BUG
			next.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
	})
}

// requirePermission is the solution's RequirePermission, built from m's parts.
func (m middleware) requirePermission(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := m.parse(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			m.forbid(w, perm)
			return
		}
		if !m.match(claims.Permissions, perm) {
			m.forbid(w, perm)
			return
		}
		m.handOn(claims, next).ServeHTTP(w, r)
	})
}

// newServer is the solution's NewServer with the given configuration check
// and middleware.
func newServer(check func(cfg jwtconfig.Config) error, mw func(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler) tokenlab.NewServerFunc {
	return func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
		if err := check(cfg); err != nil {
			return nil, err
		}
		mux := http.NewServeMux()
		mux.Handle("/mcp", mw(cfg, rbac.RequiredPermission, mcpHandler))
		return mux, nil
	}
}

// withMiddleware is the solution with its middleware replaced by mw.
func withMiddleware(mw func(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler) Target {
	return Target{NewServer: newServer(checkConfig, mw)}
}

// withParse is the solution with its token parsing replaced by parse.
func withParse(parse func(cfg jwtconfig.Config, raw string) (*rbac.Claims, error)) Target {
	m := good
	m.parse = parse
	return withMiddleware(m.requirePermission)
}

// withMatch is the solution with its permission test replaced by match.
func withMatch(match func(granted []string, perm string) bool) Target {
	m := good
	m.match = match
	return withMiddleware(m.requirePermission)
}

// withForbid is the solution with its 403 replaced by forbid.
func withForbid(forbid func(w http.ResponseWriter, perm string)) Target {
	m := good
	m.forbid = forbid
	return withMiddleware(m.requirePermission)
}

// withHandOn is the solution with the step that hands the identity on
// replaced by handOn.
func withHandOn(handOn func(claims *rbac.Claims, next http.Handler) http.Handler) Target {
	m := good
	m.handOn = handOn
	return withMiddleware(m.requirePermission)
}

// withConfigCheck is the solution with its configuration check replaced.
func withConfigCheck(check func(cfg jwtconfig.Config) error) Target {
	return Target{NewServer: newServer(check, good.requirePermission)}
}

// ---- the solution's unexported parts, copied ------------------------------

// checkConfig is the solution's check at the top of NewServer.
func checkConfig(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return fmt.Errorf("the signing key is %d bytes; it must be at least %d (set %s)",
			len(cfg.SigningKey), jwtconfig.MinKeyLen, jwtconfig.KeyEnv)
	}
	return checkRest(cfg)
}

func checkRest(cfg jwtconfig.Config) error {
	if cfg.Issuer == "" || cfg.Audience == "" || cfg.Users == nil {
		return errors.New("the configuration needs an issuer, an audience and users")
	}
	return nil
}

// forbid is the solution's 403 (RFC 6750 §3.1).
func forbid(w http.ResponseWriter, perm string) {
	w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="authlab", error="insufficient_scope", scope=%q`, perm))
	http.Error(w, "Forbidden", http.StatusForbidden)
}

// handOnTokenInfo is the solution's last step: the verified identity as an
// auth.TokenInfo, through auth.RequireBearerToken.
func handOnTokenInfo(claims *rbac.Claims, next http.Handler) http.Handler {
	info := &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
	return withTokenInfo(info, next)
}

// withTokenInfo is the solution's: hands info to the MCP handlers.
func withTokenInfo(info *auth.TokenInfo, next http.Handler) http.Handler {
	verified := func(context.Context, string, *http.Request) (*auth.TokenInfo, error) { return info, nil }
	return auth.RequireBearerToken(verified, nil)(next)
}

// parserOptions are the solution's rules for ParseWithClaims.
func parserOptions(cfg jwtconfig.Config) []jwt.ParserOption {
	return []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5 * time.Second),
	}
}

func keyFunc(cfg jwtconfig.Config) jwt.Keyfunc {
	return func(*jwt.Token) (any, error) { return cfg.SigningKey, nil }
}

// ---- middleware mutants: the whole RequirePermission, one line wrong -------

// Models answering every refusal 403, a missing token included.
func missingIs403(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			forbid(w, perm) // BUG: no token is 401
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			forbid(w, perm)
			return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models answering a token that fails validation 403: the client gives up
// where getting a new token would have helped.
func invalidIs403(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Forbidden", http.StatusForbidden) // BUG: 401
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			forbid(w, perm)
			return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models peeking at the payload early: the permission of a token that has
// not been verified yet decides between 403 and going on.
func permissionBeforeValidation(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		var unverified rbac.Claims
		if _, _, err := jwt.NewParser().ParseUnverified(token, &unverified); err == nil &&
			!slices.Contains(unverified.Permissions, perm) { // BUG: judged before it is verified
			forbid(w, perm)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			forbid(w, perm)
			return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models trusting a valid token alone: a deleted user keeps access until the
// token expires.
func noUserLookup(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		// BUG: cfg.Users.Lookup(claims.Subject) is never called
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models answering an unknown user 401: the token is authentic, a new one
// would not help.
func unknownUserIs401(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized) // BUG: 403
			return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models a missing `return` after the unknown user's 403: the tool runs.
func forgetsReturnAfterUnknownUser(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			forbid(w, perm)
			// BUG: no return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models looking the user up by display name: no user is ever found.
func lookupByName(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Name); !found { // BUG: the store is keyed by sub
			forbid(w, perm)
			return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models the chapter's Express sample: no `return` after the 403 for a
// missing permission, so next runs anyway.
func forgetsReturnAfterForbid(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			forbid(w, perm)
			return
		}
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			// BUG: no return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models leaving the permission to the go-sdk's RequireBearerToken options:
// its 403 says scope="User.Read" but not error="insufficient_scope".
func sdkScopes(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			forbid(w, perm)
			return
		}
		info := &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
		verified := func(context.Context, string, *http.Request) (*auth.TokenInfo, error) { return info, nil }
		auth.RequireBearerToken(verified, &auth.RequireBearerTokenOptions{Scopes: []string{perm}})(next).ServeHTTP(w, r) // BUG: the SDK's 403 has no error="insufficient_scope"
	})
}

// ---- permission tests ------------------------------------------------------

// Models case folding: "user.read" passes.
func equalFold(granted []string, perm string) bool {
	return slices.ContainsFunc(granted, func(p string) bool { return strings.EqualFold(p, perm) }) // BUG
}

// Models searching the joined list: "User.ReadWrite" passes.
func containsJoined(granted []string, perm string) bool {
	return strings.Contains(strings.Join(granted, " "), perm) // BUG
}

// Models a substring test on each permission: "Admin.User.Read" passes.
func containsEach(granted []string, perm string) bool {
	return slices.ContainsFunc(granted, func(p string) bool { return strings.Contains(p, perm) }) // BUG
}

// Models a prefix test: "User.ReadWrite" passes.
func hasPrefix(granted []string, perm string) bool {
	return slices.ContainsFunc(granted, func(p string) bool { return strings.HasPrefix(p, perm) }) // BUG
}

// Models repairing claims: "User.Read " passes.
func trimmed(granted []string, perm string) bool {
	return slices.ContainsFunc(granted, func(p string) bool { return strings.TrimSpace(p) == perm }) // BUG
}

// Models reading the permissions as if there were only one.
func firstOnly(granted []string, perm string) bool {
	return len(granted) > 0 && granted[0] == perm // BUG: the rest of the list is ignored
}

// ---- 403 mutants -----------------------------------------------------------

// Models a bare 403: the client is not told that a scope is missing.
func forbidWithoutChallenge(w http.ResponseWriter, perm string) {
	http.Error(w, "Forbidden", http.StatusForbidden) // BUG: no WWW-Authenticate
}

// Models an insufficient_scope challenge that does not name the scope.
func forbidWithoutScope(w http.ResponseWriter, perm string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="insufficient_scope"`) // BUG: no scope="User.Read"
	http.Error(w, "Forbidden", http.StatusForbidden)
}

// ---- parsing mutants --------------------------------------------------------

// Models stage 2's Claims: a permissions claim that is not a list of strings
// makes ParseWithClaims fail, and an authentic token gets 401.
func strictClaims(cfg jwtconfig.Config, raw string) (*rbac.Claims, error) {
	c, err := jwtauth.ParseToken(cfg, raw) // BUG: Permissions []string fails to decode odd claims
	if err != nil {
		return nil, err
	}
	return &rbac.Claims{Name: c.Name, Permissions: c.Permissions, RegisteredClaims: c.RegisteredClaims}, nil
}

// Models reading jwt.MapClaims with unchecked type assertions: any other
// shape of the claim panics in the handler.
func mapClaimsAsserted(cfg jwtconfig.Config, raw string) (*rbac.Claims, error) {
	mc := jwt.MapClaims{}
	if _, err := jwt.ParseWithClaims(raw, mc, keyFunc(cfg), parserOptions(cfg)...); err != nil {
		return nil, err
	}
	var perms []string
	for _, p := range mc["permissions"].([]any) { // BUG: panics unless the claim is a list
		perms = append(perms, p.(string))
	}
	sub, _ := mc.GetSubject()
	exp, _ := mc.GetExpirationTime()
	name, _ := mc["name"].(string)
	return &rbac.Claims{Name: name, Permissions: perms, RegisteredClaims: jwt.RegisteredClaims{Subject: sub, ExpiresAt: exp}}, nil
}

// claimsWith are the solution's Claims with another type of permissions.
type claimsWith[P ~[]string] struct {
	Name        string `json:"name"`
	Permissions P      `json:"permissions"`
	jwt.RegisteredClaims
}

// parseAs is the solution's ParseToken decoding the permissions claim as P.
func parseAs[P ~[]string](cfg jwtconfig.Config, raw string) (*rbac.Claims, error) {
	c := &claimsWith[P]{}
	if _, err := jwt.ParseWithClaims(raw, c, keyFunc(cfg), parserOptions(cfg)...); err != nil {
		return nil, err
	}
	return &rbac.Claims{Name: c.Name, Permissions: rbac.Permissions(c.Permissions), RegisteredClaims: c.RegisteredClaims}, nil
}

// splitPermissions models repairing a string claim: "User.Read" becomes
// ["User.Read"].
type splitPermissions []string

func (p *splitPermissions) UnmarshalJSON(b []byte) error {
	var list []string
	if json.Unmarshal(b, &list) == nil {
		*p = list
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		*p = strings.Fields(s) // BUG: a string is not a list of permissions
		return nil
	}
	*p = nil
	return nil
}

// stringsPickedOut models repairing a mixed list: [1, "User.Read"] becomes
// ["User.Read"].
type stringsPickedOut []string

func (p *stringsPickedOut) UnmarshalJSON(b []byte) error {
	var items []any
	if json.Unmarshal(b, &items) != nil {
		*p = nil
		return nil
	}
	var list []string
	for _, item := range items {
		if s, ok := item.(string); ok { // BUG: a list with a non-string grants nothing
			list = append(list, s)
		}
	}
	*p = list
	return nil
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

// strayListeners models `go http.ListenAndServe(":8080", h)` inside
// NewServer. It listens on ":0" (every interface, any free port, so it never
// collides with a real server) and keeps the listeners so that a test can
// close them.
type strayListeners struct {
	mu sync.Mutex
	ls []net.Listener
}

func (s *strayListeners) newServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	h, err := rbac.NewServer(cfg, mcpHandler)
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
