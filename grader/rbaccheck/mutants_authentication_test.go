package rbaccheck

// Mutants that get authentication wrong: the token read from the header,
// refused with the wrong status, or judged before it is verified.

import (
	"net/http"
	"slices"
	"strings"

	"authlab/internal/jwtconfig"
	"authlab/solutions/rbac"

	"github.com/golang-jwt/jwt/v5"
)

func authenticationMutants() []mutant {
	return []mutant{
		{
			Name:     "guards POST only",
			Target:   withMiddleware(postOnly),
			MustFail: []string{"every-method-guarded", "checked-every-request", "differential"},
		},
		{
			Name:   "no token answered 403",
			Target: with(func(m *middleware) { m.missing = missingIs403 }),
			MustFail: []string{"missing-token-401", "every-method-guarded", "bearer-scheme-forms", "checked-every-request",
				"session-id-not-credential", "differential"},
		},
		{
			Name:   "invalid token answered 403",
			Target: with(func(m *middleware) { m.invalid = invalidIs403 }),
			MustFail: slices.Concat(invalidTokenChecks, []string{"every-method-guarded", "leeway-window", "checked-every-request",
				"session-id-not-credential", "differential"}),
		},
		{
			Name:     "permission judged before the token is verified",
			Target:   withMiddleware(permissionBeforeValidation),
			MustFail: []string{"invalid-without-permission-401", "differential"},
		},

		// --- stage 1 and 2's scheme rules, carried forward ----------------
		{
			Name:     "scheme compared case-sensitively",
			Target:   with(func(m *middleware) { m.bearer = caseSensitiveScheme }),
			MustFail: []string{"bearer-scheme-forms", "differential"},
		},
		{
			// The starter's parsing before it learned RFC 6750's 1*SP.
			Name:     "one space only after Bearer",
			Target:   with(func(m *middleware) { m.bearer = oneSpaceOnly }),
			MustFail: []string{"bearer-scheme-forms", "differential"},
		},
		{
			Name:     "bare token accepted",
			Target:   with(func(m *middleware) { m.bearer = bareTokenAccepted }),
			MustFail: []string{"bearer-scheme-forms", "differential"},
		},
		{
			Name:     "scheme ignored",
			Target:   with(func(m *middleware) { m.bearer = schemeIgnored }),
			MustFail: []string{"bearer-scheme-forms", "differential"},
		},
	}
}

// Models middleware that checks only the POSTs that carry tool calls, and
// waves through GET (the server's message stream) and DELETE (session end).
func postOnly(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	guarded := good.requirePermission(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost { // BUG
			next.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
	})
}

// Models answering every refusal 403, a missing token included.
func missingIs403(w http.ResponseWriter, perm string) {
	forbid(w, perm) // BUG: no token is 401
}

// Models answering a token that fails validation 403: the client gives up
// where getting a new token would have helped.
func invalidIs403(w http.ResponseWriter, _ string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
	http.Error(w, "Forbidden", http.StatusForbidden) // BUG: 401
}

// Models peeking at the payload early: the permission of a token that has
// not been verified yet decides between 403 and going on.
func permissionBeforeValidation(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	guarded := good.requirePermission(cfg, perm, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token, ok := bearerToken(r); ok {
			var unverified rbac.Claims
			if _, _, err := jwt.NewParser().ParseUnverified(token, &unverified); err == nil &&
				!slices.Contains(unverified.Permissions, perm) { // BUG: judged before it is verified
				forbid(w, perm)
				return
			}
		}
		guarded.ServeHTTP(w, r)
	})
}

// Models comparing the scheme as written in examples: "bearer" is refused.
func caseSensitiveScheme(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimLeft(token, " ")
	return token, ok && scheme == "Bearer" && token != "" // BUG: schemes are case-insensitive
}

// Models taking everything after the first space as the token.
func oneSpaceOnly(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ") // BUG: "Bearer  t" leaves " t"
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// Models accepting the token with or without its scheme.
func bareTokenAccepted(r *http.Request) (string, bool) {
	if token, ok := bearerToken(r); ok {
		return token, true
	}
	h := r.Header.Get("Authorization")
	return h, h != "" && !strings.Contains(h, " ") // BUG: a bare value is no bearer credential
}

// Models reading whatever follows the first space, whatever the scheme.
func schemeIgnored(r *http.Request) (string, bool) {
	_, token, ok := strings.Cut(r.Header.Get("Authorization"), " ") // BUG: Basic, Digest… all pass
	token = strings.TrimLeft(token, " ")
	return token, ok && token != ""
}
