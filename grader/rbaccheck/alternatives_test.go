package rbaccheck

// Correct implementations written differently from the reference solution:
// every check must pass them, so that the grader demands what the stage
// teaches and not the solution's way of writing it.

import (
	"net/http"
	"slices"
	"testing"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	"authlab/solutions/rbac"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

func TestCorrectAlternativesPass(t *testing.T) {
	alternatives := []struct {
		name   string
		target Target
	}{
		{"scopes handed on sorted", withHandOn(sortedScopes)},
		{"scopes handed on without repeats", withHandOn(distinctScopes)},
		{"unknown user answered 401 invalid_token without a description", with(func(m *middleware) { m.unknown = refuseInvalid })},
		{"other schemes answered 400 invalid_request", withMiddleware(badRequestForOtherSchemes)},
		{"claims read from jwt.MapClaims, leniently", withParse(lenientMapClaims)},
	}
	for _, alt := range alternatives {
		t.Run(alt.name, func(t *testing.T) {
			results := gradertest.RunAll(t, Checks(alt.target))
			for _, id := range gradertest.IDs(Checks(alt.target)) {
				if r := results[id]; !r.Pass {
					t.Errorf("check %s failed a correct implementation: %s", id, gradertest.Describe(r))
				}
			}
		})
	}
}

// sortedScopes hands the permissions on in sorted order: a set has none.
func sortedScopes(claims *rbac.Claims, next http.Handler) http.Handler {
	info := &auth.TokenInfo{UserID: claims.Subject, Scopes: slices.Sorted(slices.Values(claims.Permissions)), Expiration: claims.ExpiresAt.Time}
	return withTokenInfo(info, next)
}

// distinctScopes hands the permissions on with repeats dropped.
func distinctScopes(claims *rbac.Claims, next http.Handler) http.Handler {
	set := slices.Compact(slices.Sorted(slices.Values(claims.Permissions)))
	info := &auth.TokenInfo{UserID: claims.Subject, Scopes: set, Expiration: claims.ExpiresAt.Time}
	return withTokenInfo(info, next)
}

// badRequestForOtherSchemes answers an Authorization header that is not a
// bearer credential with 400 invalid_request (RFC 6750 §3.1), and goes on
// as the solution does otherwise.
func badRequestForOtherSchemes(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	guarded := good.requirePermission(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := bearerToken(r); !ok && r.Header.Get("Authorization") != "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_request"`)
			http.Error(w, "Bad Request", http.StatusBadRequest)
			return
		}
		guarded.ServeHTTP(w, r)
	})
}

// lenientMapClaims reads the claims as jwt.MapClaims with checked type
// assertions: anything but a list of strings grants nothing.
func lenientMapClaims(cfg jwtconfig.Config, raw string) (*rbac.Claims, error) {
	mc := jwt.MapClaims{}
	// WithIssuedAt makes golang-jwt read iat as a NumericDate too.
	if _, err := jwt.ParseWithClaims(raw, mc, keyFunc(cfg), append(parserOptions(cfg), jwt.WithIssuedAt())...); err != nil {
		return nil, err
	}
	var perms []string
	if list, ok := mc["permissions"].([]any); ok {
		for _, p := range list {
			s, ok := p.(string)
			if !ok {
				perms = nil
				break
			}
			perms = append(perms, s)
		}
	}
	sub, err := mc.GetSubject()
	if err != nil {
		return nil, err
	}
	exp, err := mc.GetExpirationTime()
	if err != nil || exp == nil {
		return nil, jwt.ErrTokenRequiredClaimMissing
	}
	return &rbac.Claims{Permissions: perms, RegisteredClaims: jwt.RegisteredClaims{Subject: sub, ExpiresAt: exp}}, nil
}
