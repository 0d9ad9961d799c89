package basicauthcheck

// Mutants that no fixed check names: the credential read from elsewhere,
// compared loosely, or not asked for on some paths and methods. Only the
// differential check, which sends hundreds of variants of a valid request,
// catches them.

import (
	"net/http"
	"strings"
)

func whereMutants() []mutant {
	return []mutant{
		{
			Name:   "secret accepted in ?access_token=",
			Target: withMiddleware(alsoFrom(func(r *http.Request) string { return r.URL.Query().Get("access_token") })),
			// The deep tier's exploration finds it too.
			MustFail: []string{"differential", "differential-deep"},
		},
		{
			Name:     "secret accepted in a cookie",
			Target:   withMiddleware(alsoFrom(func(r *http.Request) string { return cookie(r, "session") })),
			MustFail: []string{"differential"},
		},
		{
			Name:     "secret accepted in X-Api-Key",
			Target:   withMiddleware(alsoFrom(func(r *http.Request) string { return r.Header.Get("X-Api-Key") })),
			MustFail: []string{"differential"},
		},
		{
			Name:     "secret compared case-insensitively",
			Target:   withMiddleware(foldsCase),
			MustFail: []string{"differential"},
		},
		{
			Name:     "spaces inside the credential removed",
			Target:   withMiddleware(dropsInnerSpaces),
			MustFail: []string{"differential"},
		},
		{
			Name:     "any Authorization value accepted",
			Target:   withMiddleware(anyAuthorization),
			MustFail: []string{"differential"},
		},
		{
			Name:     "X-User trusted as a proxy's word",
			Target:   withMiddleware(trustsHeader("X-User")),
			MustFail: []string{"differential"},
		},
		{
			Name:     "X-Permissions trusted",
			Target:   withMiddleware(trustsHeader("X-Permissions")),
			MustFail: []string{"differential"},
		},
		{
			Name:     "only the path /mcp guarded",
			Target:   withMiddleware(guardsExactPath),
			MustFail: []string{"differential"},
		},
		{
			Name:     "PUT left unguarded",
			Target:   withMiddleware(guardsMCPMethods),
			MustFail: []string{"differential"},
		},
	}
}

// alsoFrom models a server that accepts the secret from another place as
// well as from Authorization: the URL, a cookie, another header. URLs and
// cookies end up in logs, browser history and other sites' requests.
func alsoFrom(place func(*http.Request) string) func(secret string, next http.Handler) http.Handler {
	return func(secret string, next http.Handler) http.Handler {
		guarded := goodMiddleware(secret, next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if sameSecret(place(r), secret) { // BUG: only Authorization carries the credential
				next.ServeHTTP(w, r)
				return
			}
			guarded.ServeHTTP(w, r)
		})
	}
}

func cookie(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// Models strings.EqualFold used for the credential as for the scheme: the
// secret's letters in any case pass, which takes most of its strength.
func foldsCase(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		credential, ok := bearerCredential(header)
		return ok && strings.EqualFold(credential, secret) // BUG: the credential is compared exactly
	})
}

// Models "cleaning up" the credential by removing every space in it.
func dropsInnerSpaces(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		credential, ok := bearerCredential(header)
		return ok && sameSecret(strings.ReplaceAll(credential, " ", ""), secret) // BUG
	})
}

// Models trying every Authorization value the request carries, so a
// request passes when any of them would.
func anyAuthorization(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			refuseMissing(w)
			return
		}
		for _, v := range r.Header.Values("Authorization") { // BUG: r.Header.Get's one value decides
			if credential, ok := bearerCredential(v); ok && sameSecret(credential, secret) {
				next.ServeHTTP(w, r)
				return
			}
		}
		refuseWrong(w)
	})
}

// trustsHeader models believing a header that "only our proxy sets": any
// client can send it.
func trustsHeader(name string) func(secret string, next http.Handler) http.Handler {
	return func(secret string, next http.Handler) http.Handler {
		guarded := goodMiddleware(secret, next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get(name) != "" { // BUG: the caller wrote it
				next.ServeHTTP(w, r)
				return
			}
			guarded.ServeHTTP(w, r)
		})
	}
}

// Models guarding the one path the client uses: /mcp/ and /MCP reach the
// same MCP handler unguarded.
func guardsExactPath(secret string, next http.Handler) http.Handler {
	guarded := goodMiddleware(secret, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/mcp" { // BUG: every path that reaches next must be guarded
			next.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
	})
}

// Models guarding the three methods MCP uses and passing the rest on.
func guardsMCPMethods(secret string, next http.Handler) http.Handler {
	guarded := goodMiddleware(secret, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost, http.MethodGet, http.MethodDelete:
			guarded.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r) // BUG: the handler decides what to do with a PUT, not the middleware
		}
	})
}
