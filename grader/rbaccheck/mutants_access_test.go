package rbaccheck

// Mutants that get authorization wrong: the user looked up wrongly, the
// permission matched loosely or found elsewhere than in the permissions
// claim, the 403 written wrongly, odd claims decoded wrongly.

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"

	"authlab/internal/jwtconfig"
	"authlab/internal/jwtdates"
	"authlab/internal/users"
	"authlab/solutions/rbac"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

func accessMutants() []mutant {
	// A server that finds nobody answers every valid token 401
	// invalid_token, before the permission is looked at.
	nobodyFoundChecks := []string{"no-permission-403", "near-miss-permission-403", "odd-claims-403", "differential"}
	nearMiss := []string{"near-miss-permission-403", "differential"}
	oddClaims := []string{"odd-claims-403", "differential"}
	onlyDifferential := []string{"differential"}
	var folded foldedUsers
	return []mutant{
		// --- the user -----------------------------------------------------
		{
			Name:     "user never looked up",
			Target:   with(func(m *middleware) { m.known = neverLookedUp }),
			MustFail: []string{"unknown-user-401", "differential"},
		},
		{
			// The lab's answer before: the client is told it lacks a
			// permission, when no permission will ever help that token.
			Name:     "unknown user answered 403 insufficient_scope",
			Target:   with(func(m *middleware) { m.unknown = forbid }),
			MustFail: []string{"unknown-user-401", "differential"},
		},
		{
			Name:     "unknown user answered a bare 403",
			Target:   with(func(m *middleware) { m.unknown = bare403 }),
			MustFail: []string{"unknown-user-401", "differential"},
		},
		{
			Name:     "unknown user answered 401 without a challenge",
			Target:   with(func(m *middleware) { m.unknown = unknownWithoutChallenge }),
			MustFail: []string{"unknown-user-401", "differential"},
		},
		{
			// Only a token that lacks the permission too shows the order.
			Name:     "permission checked before the user",
			Target:   withMiddleware(permissionFirst),
			MustFail: onlyDifferential,
		},
		{
			Name:     "forgets return after the unknown-user 401",
			Target:   withMiddleware(forgetsReturnAfterUnknownUser),
			MustFail: []string{"unknown-user-401", "differential"},
		},
		{
			// The chapter's sample looks users up by name: nobody is found.
			Name:     "user looked up by name, not sub",
			Target:   with(func(m *middleware) { m.known = lookupByName }),
			MustFail: slices.Concat(grantedChecks, nobodyFoundChecks),
		},
		{
			Name:     "user looked up in a store of its own",
			Target:   with(func(m *middleware) { m.known = lookupInOwnStore }),
			MustFail: slices.Concat(grantedChecks, nobodyFoundChecks),
		},
		{
			Name:     "users cached by case-folded name",
			Target:   with(func(m *middleware) { m.known = folded.known }),
			MustFail: onlyDifferential,
		},
		{
			Name:     "sub trimmed before the lookup",
			Target:   with(func(m *middleware) { m.known = lookupTrimmed }),
			MustFail: onlyDifferential,
		},

		// --- matching the permission --------------------------------------
		{Name: "strings.EqualFold", Target: withMatch(equalFold), MustFail: nearMiss},
		{Name: "strings.Contains over the joined list", Target: withMatch(containsJoined), MustFail: nearMiss},
		{Name: "strings.Contains on each permission", Target: withMatch(containsEach), MustFail: nearMiss},
		{Name: "strings.HasPrefix", Target: withMatch(hasPrefix), MustFail: nearMiss},
		{Name: "strings.TrimSpace", Target: withMatch(trimmed), MustFail: nearMiss},
		{
			Name:     "only the first permission looked at",
			Target:   withMatch(firstOnly),
			MustFail: []string{"with-permission-works", "differential"},
		},
		{Name: "each permission split on commas", Target: withMatch(splitOnCommas), MustFail: onlyDifferential},
		{Name: `"*" grants every permission`, Target: withMatch(starGrantsAll), MustFail: onlyDifferential},
		{Name: "Admin.Write implies every permission", Target: withMatch(adminImpliesAll), MustFail: onlyDifferential},
		{
			// Also the deep tier's witness: its differential finds what the
			// fast one does.
			Name:     "X-Permissions header trusted",
			Target:   with(func(m *middleware) { m.permit = xPermissionsTrusted }),
			MustFail: []string{"differential", "differential-deep"},
		},
		{Name: "scope claim read too", Target: with(func(m *middleware) { m.permit = scopeClaimRead }), MustFail: onlyDifferential},
		{Name: "roles claim read too", Target: with(func(m *middleware) { m.permit = rolesClaimRead }), MustFail: onlyDifferential},

		// --- the 403 ------------------------------------------------------
		{
			Name:     "403 without a challenge",
			Target:   withForbid(forbidWithoutChallenge),
			MustFail: slices.Concat(insufficientScopeChecks, onlyDifferential),
		},
		{
			Name:     `403 without scope="User.Read"`,
			Target:   withForbid(forbidWithoutScope),
			MustFail: slices.Concat(insufficientScopeChecks, onlyDifferential),
		},
		{
			Name:     "forgets return after the permission 403",
			Target:   withMiddleware(forgetsReturnAfterForbid),
			MustFail: slices.Concat(insufficientScopeChecks, onlyDifferential),
		},
		{
			Name:     "permission left to RequireBearerToken's Scopes",
			Target:   withMiddleware(sdkScopes),
			MustFail: slices.Concat(insufficientScopeChecks, onlyDifferential),
		},

		// --- odd permissions claims ---------------------------------------
		{
			// Models the stub's TODO left as is.
			Name:     "Permissions []string (stage 2's Claims)",
			Target:   withParse(parseAs[[]string]),
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
		{
			// An OAuth scope string where the lab's tokens carry a list:
			// every valid token is refused as invalid.
			Name:     "permissions read as a space-separated string",
			Target:   withParse(parseAs[scopeString]),
			MustFail: slices.Concat(grantedChecks, []string{"no-permission-403", "near-miss-permission-403", "odd-claims-403", "differential"}),
		},
	}
}

// ---- the user ----------------------------------------------------------------

// Models trusting a valid token alone: a deleted user keeps access until the
// token expires.
func neverLookedUp(jwtconfig.Config, *rbac.Claims) bool {
	return true // BUG: cfg.Users.Lookup(claims.Subject) is never called
}

// Models answering an unknown user like a forbidden one, with no challenge:
// the client cannot tell that its token is dead.
func bare403(w http.ResponseWriter, _ string) {
	http.Error(w, "Forbidden", http.StatusForbidden) // BUG: 401 invalid_token
}

// Models a 401 written by hand: without a challenge the client is not told
// that the token is the problem (RFC 9110 §15.5.2).
func unknownWithoutChallenge(w http.ResponseWriter, _ string) {
	http.Error(w, "unknown user", http.StatusUnauthorized) // BUG: no WWW-Authenticate
}

// Models judging the permission before the user: a dead token that also
// lacks the permission is told 403, and its client gives up instead of
// logging in again.
func permissionFirst(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return good.authenticated(cfg, perm, func(w http.ResponseWriter, r *http.Request, claims *rbac.Claims) {
		if !slices.Contains(claims.Permissions, perm) { // BUG: after the user's lookup
			forbid(w, perm)
			return
		}
		if !userExists(cfg, claims) {
			refuseUnknown(w, perm)
			return
		}
		handOnTokenInfo(claims, next).ServeHTTP(w, r)
	})
}

// Models a missing `return` after the unknown user's 401: the tool runs.
func forgetsReturnAfterUnknownUser(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			refuseMissing(w, perm)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			refuseInvalid(w, perm)
			return
		}
		if !userExists(cfg, claims) {
			refuseUnknown(w, perm)
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
func lookupByName(cfg jwtconfig.Config, claims *rbac.Claims) bool {
	_, found := cfg.Users.Lookup(claims.Name) // BUG: the store is keyed by sub
	return found
}

// ownStore is a mutant's own user store, which nobody fills.
var ownStore = users.NewStore()

// Models a store of the learner's own instead of cfg.Users: nobody is found.
func lookupInOwnStore(_ jwtconfig.Config, claims *rbac.Claims) bool {
	_, found := ownStore.Lookup(claims.Subject) // BUG: cfg.Users holds the users
	return found
}

// foldedUsers models a cache of users found, keyed by lower-cased name so
// that "Ada" and "ada" share an entry.
type foldedUsers struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (u *foldedUsers) known(cfg jwtconfig.Config, claims *rbac.Claims) bool {
	key := strings.ToLower(claims.Subject) // BUG: user names are case-sensitive
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.seen[key] {
		return true
	}
	if _, found := cfg.Users.Lookup(claims.Subject); !found {
		return false
	}
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	u.seen[key] = true
	return true
}

// Models repairing the sub: "ada " is taken for "ada".
func lookupTrimmed(cfg jwtconfig.Config, claims *rbac.Claims) bool {
	_, found := cfg.Users.Lookup(strings.TrimSpace(claims.Subject)) // BUG: compare exactly
	return found
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

// Models accepting "User.Read,Admin.Write" as two permissions.
func splitOnCommas(granted []string, perm string) bool {
	return slices.ContainsFunc(granted, func(p string) bool {
		return slices.Contains(strings.Split(p, ","), perm) // BUG: one element is one permission
	})
}

// Models a wildcard permission.
func starGrantsAll(granted []string, perm string) bool {
	return slices.Contains(granted, perm) || slices.Contains(granted, "*") // BUG: no wildcards
}

// Models a hierarchy: admins may do what users may.
func adminImpliesAll(granted []string, perm string) bool {
	return slices.Contains(granted, perm) || slices.Contains(granted, "Admin.Write") // BUG: no permission implies another
}

// Models honouring a header that a gateway "would" set.
func xPermissionsTrusted(r *http.Request, _ jwtconfig.Config, _ string, claims *rbac.Claims, perm string) bool {
	return slices.Contains(claims.Permissions, perm) ||
		slices.Contains(strings.Split(r.Header.Get("X-Permissions"), ","), perm) // BUG: the caller writes headers
}

// Models reading OAuth's scope claim as well as permissions.
func scopeClaimRead(_ *http.Request, cfg jwtconfig.Config, token string, claims *rbac.Claims, perm string) bool {
	scope, _ := mapClaims(cfg, token)["scope"].(string)
	return slices.Contains(claims.Permissions, perm) || slices.Contains(strings.Fields(scope), perm) // BUG: permissions only
}

// Models reading a roles claim as well as permissions.
func rolesClaimRead(_ *http.Request, cfg jwtconfig.Config, token string, claims *rbac.Claims, perm string) bool {
	roles, _ := mapClaims(cfg, token)["roles"].([]any)
	return slices.Contains(claims.Permissions, perm) || slices.Contains(roles, any(perm)) // BUG: permissions only
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

// Models the chapter's Express sample: no `return` after the 403 for a
// missing permission, so next runs anyway.
func forgetsReturnAfterForbid(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			refuseMissing(w, perm)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			refuseInvalid(w, perm)
			return
		}
		if !userExists(cfg, claims) {
			refuseUnknown(w, perm)
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
		token, ok := bearerToken(r)
		if !ok {
			refuseMissing(w, perm)
			return
		}
		claims, err := rbac.ParseToken(cfg, token)
		if err != nil {
			refuseInvalid(w, perm)
			return
		}
		if !userExists(cfg, claims) {
			refuseUnknown(w, perm)
			return
		}
		info := &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
		verified := func(context.Context, string, *http.Request) (*auth.TokenInfo, error) { return info, nil }
		opts := &auth.RequireBearerTokenOptions{Scopes: []string{perm}, ClockSkew: leeway}
		auth.RequireBearerToken(verified, opts)(next).ServeHTTP(w, r) // BUG: the SDK's 403 has no error="insufficient_scope"
	})
}

// ---- parsing mutants --------------------------------------------------------

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

// UnmarshalJSON refuses dates written as strings, as the solution does.
func (c *claimsWith[P]) UnmarshalJSON(b []byte) error {
	if err := jwtdates.Check(b); err != nil {
		return err
	}
	type plain claimsWith[P]
	return json.Unmarshal(b, (*plain)(c))
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

// scopeString models OAuth's space-separated scope string where the lab's
// tokens carry a list: decoding any valid token fails.
type scopeString []string

func (p *scopeString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err // BUG: the permissions claim is a JSON array
	}
	*p = strings.Fields(s)
	return nil
}
