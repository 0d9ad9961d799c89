package jwtauthcheck

// Middleware mutants: copies of the solution's RequireToken, each with one
// mistake marked `// BUG`.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"slices"
	"strings"
	"sync"

	"authlab/internal/jwtconfig"
	"authlab/solutions/jwtauth"

	"github.com/golang-jwt/jwt/v5"
)

// invalidTokenChecks are the nine checks that send a present but invalid
// token and expect 401 with error="invalid_token".
var invalidTokenChecks = []string{
	"bad-signature-401", "alg-none-401", "other-alg-401", "expired-401", "not-yet-valid-401",
	"missing-exp-401", "wrong-issuer-401", "wrong-audience-401", "malformed-401",
}

// forgedTokenChecks are the other checks that send a token signed with
// another key and expect it refused as invalid.
var forgedTokenChecks = []string{
	"every-method-guarded", "scheme-any-case", "scheme-extra-spaces", "min-key-accepted", "session-id-not-a-credential", "differential",
}

// noTokenChecks are the checks that send no Authorization header, or none
// that reads "Bearer <token>", and expect a refusal.
var noTokenChecks = []string{
	"missing-token-401", "every-method-guarded", "basic-scheme-401", "bare-token-401", "session-id-not-a-credential", "differential",
}

// validTokenChecks are the checks that need a valid token to get through.
var validTokenChecks = []string{
	"valid-token-works", "scheme-any-case", "scheme-extra-spaces", "min-key-accepted", "session-id-not-a-credential", "differential",
	"claims-handed-on",
}

func middlewareMutants() []mutant {
	return []mutant{
		{Name: "claims never handed on", Target: withMiddleware(claimsNotHandedOn), MustFail: []string{"claims-handed-on", "differential"}},
		{Name: "X-User-Id overrides the subject", Target: withMiddleware(subjectFromHeader), MustFail: []string{"claims-handed-on"}},
		{Name: "forgets return after the invalid-token 401", Target: withMiddleware(forgetsReturnAfterInvalid),
			MustFail: slices.Concat(invalidTokenChecks, forgedTokenChecks)},
		{Name: "forgets return after the missing-token 401", Target: withMiddleware(forgetsReturnAfterMissing), MustFail: noTokenChecks},
		{Name: "invalid token answered 403", Target: withMiddleware(invalidIs403), MustFail: slices.Concat(invalidTokenChecks, forgedTokenChecks)},
		{Name: "guards POST only", Target: withMiddleware(postOnly), MustFail: []string{"every-method-guarded", "differential"}},
		{Name: "401 without error=\"invalid_token\"", Target: withMiddleware(noInvalidTokenError),
			MustFail: slices.Concat(invalidTokenChecks, forgedTokenChecks)},
		{Name: "no token answered 401 without a challenge", Target: withMiddleware(noChallenge), MustFail: noTokenChecks},
		{Name: "strings.Split(header, \" \")[1]", Target: withMiddleware(splitIndex),
			MustFail: []string{"missing-token-401", "every-method-guarded", "scheme-extra-spaces", "basic-scheme-401", "bare-token-401",
				"session-id-not-a-credential", "differential"}},
		{Name: "whole header parsed as the token", Target: withMiddleware(wholeHeader), MustFail: append([]string{"bare-token-401"}, validTokenChecks...)},
		{Name: "500 for an unexpected parse error", Target: withMiddleware(unexpectedErrorIs500), MustFail: []string{"malformed-401", "differential"}},
		{Name: "alg read by hand: garbage panics", Target: withMiddleware(algByHand), MustFail: []string{"malformed-401", "differential"}},
		{Name: "scheme compared case-sensitively", Target: withMiddleware(caseSensitiveScheme), MustFail: []string{"scheme-any-case", "differential"}},
		{Name: "one space only after the scheme", Target: withMiddleware(oneSpaceOnly), MustFail: []string{"scheme-extra-spaces", "differential"}},
		{Name: "strings.Fields(header)[1] under any scheme", Target: withMiddleware(anyScheme), MustFail: []string{"basic-scheme-401", "differential"}},
		{Name: "the bare token taken when the scheme is missing", Target: withMiddleware(bareTokenTaken),
			MustFail: []string{"bare-token-401", "differential"}},
		{Name: "sessions opened with a valid token are trusted", Target: withMiddleware(trustedSessions()),
			MustFail: []string{"session-id-not-a-credential"}},
		{Name: "the token also read from ?access_token=", Target: withMiddleware(tokenAlsoFrom(func(r *http.Request) string {
			return r.URL.Query().Get("access_token") // BUG: the URL ends up in logs; the MCP spec forbids it
		})), MustFail: []string{"differential"}},
		{Name: "the token also read from a cookie", Target: withMiddleware(tokenAlsoFrom(func(r *http.Request) string {
			if c, err := r.Cookie("access_token"); err == nil { // BUG: a cookie rides along on cross-site requests
				return c.Value
			}
			return ""
		})), MustFail: []string{"differential"}},
		{Name: "the token also read from X-Auth-Token", Target: withMiddleware(tokenAlsoFrom(func(r *http.Request) string {
			return r.Header.Get("X-Auth-Token") // BUG: only Authorization carries a bearer token
		})), MustFail: []string{"differential"}},
		{Name: "X-User trusted", Target: withMiddleware(trustsXUser), MustFail: []string{"differential"}},
		// The catch-all also answers GET /login, which is then no 405.
		{Name: "every other path served unguarded", Target: withServer(unguardedRoot), MustFail: []string{"differential", "login-get-refused"}},
		{Name: "the token logged", Target: withMiddleware(logsToken), MustFail: []string{"logs-hold-no-credentials"}},
		{Name: "the Authorization header logged on a refusal", Target: withMiddleware(logsRefusedHeader),
			MustFail: []string{"logs-hold-no-credentials"}},
	}
}

// Models middleware that checks only the POSTs that carry tool calls, and
// waves through GET (the server's message stream) and DELETE (session end).
func postOnly(cfg jwtconfig.Config, next http.Handler) http.Handler {
	guarded := jwtauth.RequireToken(cfg, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost { // BUG
			next.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
	})
}

// Models the Express snippet carried over: the 401 is written, but without a
// `return` the request carries on to the MCP handler.
func forgetsReturnAfterInvalid(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			// BUG: no return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a missing `return` after the 401 for a request with no token.
func forgetsReturnAfterMissing(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			// BUG: no return
		} else if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models stage 1's rule kept: a wrong credential is 403 (RFC 6750 says 401).
func invalidIs403(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			http.Error(w, "Forbidden", http.StatusForbidden) // BUG: an invalid token is 401 invalid_token
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models one refusal for everything: an invalid token gets the challenge of
// a missing one, with no error code.
func noInvalidTokenError(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`) // BUG: no error="invalid_token"
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models a 401 with no challenge (RFC 9110 requires WWW-Authenticate on a 401).
func noChallenge(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			http.Error(w, "Unauthorized", http.StatusUnauthorized) // BUG: no WWW-Authenticate
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models the Express idiom authorization.split(' ')[1]: in Go a request with
// no header panics (index out of range), and the scheme is never read.
func splitIndex(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.Split(r.Header.Get("Authorization"), " ")[1] // BUG
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models parsing the header's value as is, "Bearer " and all: no token
// ever parses, so the server denies everything.
func wholeHeader(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, header); err != nil { // BUG: the scheme is still in front
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models sorting parse errors and treating the ones not listed as a server
// fault: a malformed token gets a 500.
func unexpectedErrorIs500(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		_, err := jwtauth.ParseToken(cfg, token)
		switch {
		case err == nil:
			next.ServeHTTP(w, r)
		case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet),
			errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable),
			errors.Is(err, jwt.ErrTokenRequiredClaimMissing), errors.Is(err, jwt.ErrTokenInvalidIssuer),
			errors.Is(err, jwt.ErrTokenInvalidAudience):
			refuseInvalid(w)
		default:
			http.Error(w, "internal error", http.StatusInternalServerError) // BUG: ErrTokenMalformed is the client's fault too
		}
	})
}

// Models checking the alg by hand before parsing, with an unchecked type
// assertion: a token whose header is not JSON panics.
func algByHand(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		head, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
		var header map[string]any
		_ = json.Unmarshal(head, &header)
		if header["alg"].(string) != "HS256" { // BUG: panics when there is no string alg
			refuseInvalid(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// guard is the solution's middleware around a token reader of its own.
func guard(cfg jwtconfig.Config, next http.Handler, read func(r *http.Request) (string, bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := read(r)
		if !ok {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models `scheme == "Bearer"`: "bearer <token>" is refused, though auth
// schemes are case-insensitive.
func caseSensitiveScheme(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return guard(cfg, next, func(r *http.Request) (string, bool) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		token = strings.TrimLeft(token, " ")
		return token, ok && scheme == "Bearer" && token != "" // BUG: strings.EqualFold
	})
}

// Models the header cut at its first space and no further: after two
// spaces the token starts with one, and never parses.
func oneSpaceOnly(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return guard(cfg, next, func(r *http.Request) (string, bool) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ") // BUG: no strings.TrimLeft(token, " ")
		return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
	})
}

// Models taking the header's second word without looking at the first.
func anyScheme(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return guard(cfg, next, func(r *http.Request) (string, bool) {
		f := strings.Fields(r.Header.Get("Authorization"))
		if len(f) != 2 {
			return "", false
		}
		return f[1], true // BUG: f[0] may be Basic, Digest, anything
	})
}

// Models "Bearer " made optional: a header without it is taken whole as
// the token.
func bareTokenTaken(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return guard(cfg, next, func(r *http.Request) (string, bool) {
		h := r.Header.Get("Authorization")
		token := h // BUG: no scheme is no bearer token
		if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
			token = strings.TrimLeft(h[7:], " ")
		}
		return token, token != ""
	})
}

// Models "a session is authenticated once": the id of a session opened with
// a valid token lets later requests on it through without one.
func trustedSessions() func(cfg jwtconfig.Config, next http.Handler) http.Handler {
	var mu sync.Mutex
	trusted := map[string]bool{}
	return func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		protected := jwtauth.RequireToken(cfg, next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			known := trusted[r.Header.Get("Mcp-Session-Id")]
			mu.Unlock()
			if known { // BUG: a session id travels in the clear and proves nothing
				next.ServeHTTP(w, r)
				return
			}
			protected.ServeHTTP(w, r)
			if id := w.Header().Get("Mcp-Session-Id"); id != "" {
				mu.Lock()
				trusted[id] = true
				mu.Unlock()
			}
		})
	}
}

// tokenAlsoFrom models a fallback for clients that cannot set headers: when
// there is no Authorization header, the token is read from elsewhere.
func tokenAlsoFrom(elsewhere func(r *http.Request) string) func(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		return guard(cfg, next, func(r *http.Request) (string, bool) {
			if r.Header.Get("Authorization") == "" {
				tok := elsewhere(r) // BUG
				return tok, tok != ""
			}
			return bearer(r)
		})
	}
}

// Models a header a proxy in front was meant to set: anyone can send it.
func trustsXUser(cfg jwtconfig.Config, next http.Handler) http.Handler {
	protected := jwtauth.RequireToken(cfg, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := cfg.Users.Lookup(r.Header.Get("X-User")); ok && u.Username != "" { // BUG: the caller writes this header
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// Models a catch-all route added "for clients that forget /mcp": the MCP
// handler is served, unguarded, on every other path.
func unguardedRoot(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", good.login(cfg))
	mux.Handle("/mcp", jwtauth.RequireToken(cfg, mcpHandler))
	mux.Handle("/", mcpHandler) // BUG: not behind RequireToken
	return mux, nil
}

// Models a debugging line left in: every token is printed.
func logsToken(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return guard(cfg, next, func(r *http.Request) (string, bool) {
		token, ok := bearer(r)
		log.Printf("checking token %s", token) // BUG: a logged token works for whoever reads the log
		return token, ok
	})
}

// Models logging what a refused request carried, to debug refusals.
func logsRefusedHeader(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			log.Printf("refused %q: %v", r.Header.Get("Authorization"), err) // BUG: the header is a credential
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Models the stub's third TODO left as is: the token is checked, the
// claims are dropped.
func claimsNotHandedOn(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		if _, err := jwtauth.ParseToken(cfg, token); err != nil {
			refuseInvalid(w)
			return
		}
		next.ServeHTTP(w, r) // BUG: ClaimsFrom finds nothing downstream
	})
}

// Models "service accounts act for a user": a header replaces the
// verified subject.
func subjectFromHeader(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok {
			refuseMissing(w)
			return
		}
		claims, err := jwtauth.ParseToken(cfg, token)
		if err != nil {
			refuseInvalid(w)
			return
		}
		if id := r.Header.Get("X-User-Id"); id != "" {
			claims.Subject = id // BUG: the caller names itself
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims)))
	})
}
