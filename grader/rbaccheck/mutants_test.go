package rbaccheck

// Known-bad implementations of stage 3 ("mutants"). Each one is the reference
// solution (authlab/solutions/rbac) with one classic mistake, marked
// `// BUG`; checks_test.go proves that the grader catches every one of them,
// and that every check catches at least one. This file assembles a mutant
// from the solution's parts; the mutants themselves are in the
// mutants_*_test.go files.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"authlab/grader/gradertest"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
	"authlab/solutions/rbac"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{NewServer: rbac.NewServer}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close, a cache).
func mutants() []mutant {
	return slices.Concat(authenticationMutants(), accessMutants(), identityMutants(), serverMutants())
}

// Groups of checks that many mutants fail together.
var (
	// The checks that send an invalid token and expect 401 with
	// error="invalid_token".
	invalidTokenChecks = []string{"invalid-token-401", "invalid-without-permission-401"}
	// The checks that send a valid token of an existing user without
	// User.Read and expect 403 with error="insufficient_scope",
	// scope="User.Read".
	insufficientScopeChecks = []string{"no-permission-403", "near-miss-permission-403", "odd-claims-403", "checked-every-request"}
	// The checks that need a valid token with User.Read to get through
	// (leeway-window also accepts a 401 invalid_token).
	grantedChecks = []string{"with-permission-works", "identity-reaches-tools", "bearer-scheme-forms",
		"checked-every-request", "session-id-not-credential", "min-length-key-accepted"}
)

// ---- assembling a mutant from the solution's parts -----------------------

// middleware is the solution's RequirePermission taken apart, so that a
// mutant replaces one part: how the token is read, parsed and refused, how
// the user and the permission are judged, how the 403 is written or how
// the identity is handed on.
type middleware struct {
	bearer  func(r *http.Request) (token string, ok bool)
	missing func(w http.ResponseWriter, perm string)
	parse   func(cfg jwtconfig.Config, raw string) (*rbac.Claims, error)
	invalid func(w http.ResponseWriter, perm string)
	known   func(cfg jwtconfig.Config, claims *rbac.Claims) bool
	unknown func(w http.ResponseWriter, perm string)
	permit  func(r *http.Request, cfg jwtconfig.Config, token string, claims *rbac.Claims, perm string) bool
	forbid  func(w http.ResponseWriter, perm string)
	handOn  func(claims *rbac.Claims, next http.Handler) http.Handler
}

// good is the solution, part by part.
var good = middleware{
	bearer:  bearerToken,
	missing: refuseMissing,
	parse:   rbac.ParseToken,
	invalid: refuseInvalid,
	known:   userExists,
	unknown: refuseUnknown,
	permit: func(_ *http.Request, _ jwtconfig.Config, _ string, c *rbac.Claims, perm string) bool {
		return slices.Contains(c.Permissions, perm)
	},
	forbid: forbid,
	handOn: handOnTokenInfo,
}

// requirePermission is the solution's RequirePermission, built from m's parts.
func (m middleware) requirePermission(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := m.bearer(r)
		if !ok {
			m.missing(w, perm)
			return
		}
		claims, err := m.parse(cfg, token)
		if err != nil {
			m.invalid(w, perm)
			return
		}
		if !m.known(cfg, claims) {
			m.unknown(w, perm)
			return
		}
		if !m.permit(r, cfg, token, claims, perm) {
			m.forbid(w, perm)
			return
		}
		m.handOn(claims, next).ServeHTTP(w, r)
	})
}

// authenticated is the first half of m's RequirePermission: it refuses a
// request without a valid token, and hands the claims of any other to then.
func (m middleware) authenticated(cfg jwtconfig.Config, perm string, then func(w http.ResponseWriter, r *http.Request, claims *rbac.Claims)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := m.bearer(r)
		if !ok {
			m.missing(w, perm)
			return
		}
		claims, err := m.parse(cfg, token)
		if err != nil {
			m.invalid(w, perm)
			return
		}
		then(w, r, claims)
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

// with is the solution with the parts change replaces.
func with(change func(m *middleware)) Target {
	m := good
	change(&m)
	return withMiddleware(m.requirePermission)
}

// withParse is the solution with its token parsing replaced by parse.
func withParse(parse func(cfg jwtconfig.Config, raw string) (*rbac.Claims, error)) Target {
	return with(func(m *middleware) { m.parse = parse })
}

// withMatch is the solution with its permission test replaced by match.
func withMatch(match func(granted []string, perm string) bool) Target {
	return with(func(m *middleware) {
		m.permit = func(_ *http.Request, _ jwtconfig.Config, _ string, c *rbac.Claims, perm string) bool {
			return match(c.Permissions, perm)
		}
	})
}

// withForbid is the solution with its 403 replaced by forbid.
func withForbid(forbid func(w http.ResponseWriter, perm string)) Target {
	return with(func(m *middleware) { m.forbid = forbid })
}

// withHandOn is the solution with the step that hands the identity on
// replaced by handOn.
func withHandOn(handOn func(claims *rbac.Claims, next http.Handler) http.Handler) Target {
	return with(func(m *middleware) { m.handOn = handOn })
}

// withConfigCheck is the solution with its configuration check replaced.
func withConfigCheck(check func(cfg jwtconfig.Config) error) Target {
	return Target{NewServer: newServer(check, good.requirePermission)}
}

// ---- the solution's unexported parts, copied ------------------------------

// bearerToken is the solution's reading of the Authorization header:
// "Bearer", one or more spaces, the token.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimLeft(token, " ")
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// refuseMissing is the solution's 401 for a request without a token.
func refuseMissing(w http.ResponseWriter, _ string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
	http.Error(w, "Unauthorized", http.StatusUnauthorized)
}

// refuseInvalid is the solution's 401 for a token that fails validation.
func refuseInvalid(w http.ResponseWriter, _ string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
	http.Error(w, "Unauthorized", http.StatusUnauthorized)
}

// refuseUnknown is the solution's 401 for a valid token whose user is gone.
func refuseUnknown(w http.ResponseWriter, _ string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token", error_description="unknown user"`)
	http.Error(w, "Unauthorized", http.StatusUnauthorized)
}

// userExists is the solution's lookup of the token's subject.
func userExists(cfg jwtconfig.Config, claims *rbac.Claims) bool {
	_, found := cfg.Users.Lookup(claims.Subject)
	return found
}

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

// leeway is the solution's clock-skew tolerance in ParseToken.
const leeway = 5 * time.Second

// withTokenInfo is the solution's: hands info to the MCP handlers.
func withTokenInfo(info *auth.TokenInfo, next http.Handler) http.Handler {
	verified := func(context.Context, string, *http.Request) (*auth.TokenInfo, error) { return info, nil }
	return auth.RequireBearerToken(verified, &auth.RequireBearerTokenOptions{ClockSkew: leeway + time.Second})(next)
}

// parserOptions are the solution's rules for ParseWithClaims.
func parserOptions(cfg jwtconfig.Config) []jwt.ParserOption {
	return []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(leeway),
	}
}

func keyFunc(cfg jwtconfig.Config) jwt.Keyfunc {
	return func(*jwt.Token) (any, error) { return cfg.SigningKey, nil }
}

// mapClaims parses raw as the solution does, into jwt.MapClaims, for
// mutants that read claims the solution's Claims do not have.
func mapClaims(cfg jwtconfig.Config, raw string) jwt.MapClaims {
	mc := jwt.MapClaims{}
	if _, err := jwt.ParseWithClaims(raw, mc, keyFunc(cfg), parserOptions(cfg)...); err != nil {
		return jwt.MapClaims{}
	}
	return mc
}
