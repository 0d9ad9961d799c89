package basicauthcheck

// Mutants of the middleware that the fixed checks name: statuses, the
// missing return, how the header is parsed and the secret compared.

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"
)

func middlewareMutants() []mutant {
	return []mutant{
		{
			Name:     "guards POST only",
			Target:   withMiddleware(postOnly),
			MustFail: []string{"every-method-guarded", "session-not-a-credential", "differential"},
		},
		{
			Name:     "forgets return after 401",
			Target:   withMiddleware(forgetsReturnAfter401),
			MustFail: []string{"missing-header-401", "empty-header-401", "every-method-guarded", "session-not-a-credential", "differential"},
		},
		{
			Name:     "forgets return after 403",
			Target:   withMiddleware(forgetsReturnAfter403),
			MustFail: slices.Concat(forbiddenChecks, []string{"every-method-guarded", "session-not-a-credential", "instances-keep-own-secret", "differential"}),
		},
		{
			Name:     "401 without WWW-Authenticate",
			Target:   withMiddleware(noChallenge),
			MustFail: []string{"missing-header-401", "empty-header-401", "every-method-guarded", "session-not-a-credential", "differential"},
		},
		{
			Name:     "empty header is not 401",
			Target:   withMiddleware(onlyMissingIs401),
			MustFail: []string{"empty-header-401", "differential"},
		},
		{
			Name:     "wrong secret answered 401",
			Target:   withMiddleware(wrongSecretIs401),
			MustFail: slices.Concat(forbiddenChecks, []string{"every-method-guarded", "session-not-a-credential", "differential"}),
		},
		{
			Name:     "scheme ignored",
			Target:   withMiddleware(ignoresScheme),
			MustFail: []string{"wrong-scheme-403", "differential"},
		},
		{
			Name:     "strings.Contains(header, secret)",
			Target:   withMiddleware(containsSecret),
			MustFail: []string{"wrong-scheme-403", "raw-secret-403", "secret-suffix-403", "differential"},
		},
		{
			Name:     "strings.HasPrefix(secret, credential)",
			Target:   withMiddleware(acceptsPrefix),
			MustFail: []string{"secret-prefix-403", "differential"},
		},
		{
			Name:     "strings.HasPrefix(credential, secret)",
			Target:   withMiddleware(acceptsSuffix),
			MustFail: []string{"secret-suffix-403", "differential"},
		},
		{
			Name:     "header[7:]: scheme never read",
			Target:   withMiddleware(fixedOffset),
			MustFail: []string{"wrong-scheme-403", "differential"},
		},
		{
			Name:     "strings.Fields: second word only",
			Target:   withMiddleware(secondWord),
			MustFail: []string{"secret-suffix-403", "differential"},
		},
		{
			Name:     "strings.Split(header, \" \")[1]",
			Target:   withMiddleware(splitIndex),
			MustFail: []string{"wrong-scheme-403", "raw-secret-403", "secret-suffix-403", "differential"},
		},
		{
			Name:     "case-sensitive scheme",
			Target:   withMiddleware(caseSensitiveScheme),
			MustFail: []string{"scheme-any-case", "differential"},
		},
		{
			Name:     "denies the right secret too",
			Target:   withMiddleware(deniesEverything),
			MustFail: []string{"right-secret-works", "scheme-any-case", "session-not-a-credential", "instances-keep-own-secret", "differential"},
		},
	}
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

// Models the chapter's Express snippet: the 401 is written, but without a
// `return` the request carries on to the MCP handler.
func forgetsReturnAfter401(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			refuseMissing(w)
			// BUG: no return
		} else if credential, ok := bearerCredential(header); !ok || !sameSecret(credential, secret) {
			refuseWrong(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a missing `return` after the 403: the client sees 403, the tool runs.
func forgetsReturnAfter403(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			refuseMissing(w)
			return
		}
		if credential, ok := bearerCredential(header); !ok || !sameSecret(credential, secret) {
			refuseWrong(w)
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
			http.Error(w, "Unauthorized", http.StatusUnauthorized) // BUG: no WWW-Authenticate header
			return
		}
		if credential, ok := bearerCredential(header); !ok || !sameSecret(credential, secret) {
			refuseWrong(w)
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
			refuseMissing(w)
			return
		}
		if credential, ok := bearerCredential(r.Header.Get("Authorization")); !ok || !sameSecret(credential, secret) {
			refuseWrong(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models answering every refusal 401 (the standard's rule, not this stage's).
func wrongSecretIs401(secret string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if credential, ok := bearerCredential(r.Header.Get("Authorization")); !ok || !sameSecret(credential, secret) {
			refuseMissing(w) // BUG: 401 for a wrong credential too
			return
		}
		next.ServeHTTP(w, r)
	})
}

// guardWith is the solution's middleware with its test of the header
// replaced by accept.
func guardWith(next http.Handler, accept func(header string) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			refuseMissing(w)
			return
		}
		if !accept(header) {
			refuseWrong(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models comparing only what follows the first space, whatever the scheme.
func ignoresScheme(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		_, credential, _ := strings.Cut(header, " ") // BUG: the scheme is never checked
		return sameSecret(strings.TrimLeft(credential, " "), secret)
	})
}

// Models searching for the secret anywhere in the header.
func containsSecret(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		return strings.Contains(header, secret) // BUG: any header mentioning the secret passes
	})
}

// Models a prefix test the wrong way round: any leading part of the secret passes.
func acceptsPrefix(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		credential, ok := bearerCredential(header)
		return ok && strings.HasPrefix(secret, credential) // BUG: part of the secret is enough
	})
}

// Models a prefix test on the credential: the secret followed by junk passes.
func acceptsSuffix(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		credential, ok := bearerCredential(header)
		return ok && strings.HasPrefix(credential, secret) // BUG: extra characters pass
	})
}

// Models Java's authHeader.substring(7): cut off len("Bearer ") characters
// without looking at them, so any 6-letter scheme passes.
func fixedOffset(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		return len(header) > len("Bearer ") &&
			sameSecret(strings.TrimLeft(header[len("Bearer "):], " "), secret) // BUG: the scheme is skipped, not checked
	})
}

// Models taking the header's second word as the credential: anything after
// it is ignored.
func secondWord(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		parts := strings.Fields(header)
		return len(parts) >= 2 && strings.EqualFold(parts[0], "Bearer") && // BUG: should be len(parts) == 2
			sameSecret(parts[1], secret)
	})
}

// Models the Express idiom authorization.split(' ')[1]: no scheme check, and
// in Go a header without a space panics (index out of range).
func splitIndex(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		return sameSecret(strings.Split(header, " ")[1], secret) // BUG
	})
}

// Models a case-sensitive scheme (RFC 9110 §11.1 makes it case-insensitive).
func caseSensitiveScheme(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		scheme, credential, ok := strings.Cut(header, " ")
		return ok && scheme == "Bearer" && // BUG: "bearer" is refused
			sameSecret(strings.TrimLeft(credential, " "), secret)
	})
}

// Models comparing the credential with "Bearer <secret>" after stripping the
// scheme: nothing ever matches, so the server denies everything.
func deniesEverything(secret string, next http.Handler) http.Handler {
	return guardWith(next, func(header string) bool {
		credential, ok := bearerCredential(header)
		return ok && subtle.ConstantTimeCompare([]byte(credential), []byte("Bearer "+secret)) == 1 // BUG
	})
}
