package jwtauthcheck

// Known-bad implementations of stage 2 ("mutants"). Each one is the reference
// solution (authlab/solutions/jwtauth) with one classic mistake, marked
// `// BUG`; checks_test.go proves that the grader catches every one of them,
// and that every check catches at least one.

import (
	"authlab/grader/gradertest"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/users"
	"authlab/solutions/jwtauth"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{NewServer: jwtauth.NewServer, Login: jwtauth.Login, CallTool: jwtauth.CallTool}

// The nine checks that send a present but invalid token and expect
// 401 with error="invalid_token".
var invalidTokenChecks = []string{
	"bad-signature-401", "alg-none-401", "other-alg-401", "expired-401", "not-yet-valid-401",
	"missing-exp-401", "wrong-issuer-401", "wrong-audience-401", "malformed-401",
}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close).
func mutants() []mutant {
	var strays strayListeners
	return []mutant{
		// --- the middleware ---------------------------------------------
		{
			Name:     "forgets return after the invalid-token 401",
			Target:   withMiddleware(forgetsReturnAfterInvalid),
			MustFail: slices.Concat(invalidTokenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "forgets return after the missing-token 401",
			Target:   withMiddleware(forgetsReturnAfterMissing),
			MustFail: []string{"missing-token-401", "every-method-guarded"},
		},
		{
			Name:     "invalid token answered 403",
			Target:   withMiddleware(invalidIs403),
			MustFail: slices.Concat(invalidTokenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "guards POST only",
			Target:   withMiddleware(postOnly),
			MustFail: []string{"every-method-guarded"},
		},
		{
			Name:     "401 without error=\"invalid_token\"",
			Target:   withMiddleware(noInvalidTokenError),
			MustFail: slices.Concat(invalidTokenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "no token answered 401 without a challenge",
			Target:   withMiddleware(noChallenge),
			MustFail: []string{"missing-token-401", "every-method-guarded"},
		},
		{
			Name:     "strings.Split(header, \" \")[1]",
			Target:   withMiddleware(splitIndex),
			MustFail: []string{"missing-token-401", "every-method-guarded"},
		},
		{
			Name:     "whole header parsed as the token",
			Target:   withMiddleware(wholeHeader),
			MustFail: []string{"valid-token-works"},
		},
		{
			Name:     "500 for an unexpected parse error",
			Target:   withMiddleware(unexpectedErrorIs500),
			MustFail: []string{"malformed-401"},
		},
		{
			Name:     "alg read by hand: garbage panics",
			Target:   withMiddleware(algByHand),
			MustFail: []string{"malformed-401"},
		},

		// --- parsing the token ------------------------------------------
		{
			Name:     "any HMAC method accepted",
			Target:   withParse(anyHMAC),
			MustFail: []string{"other-alg-401"},
		},
		{
			Name:     "alg none accepted",
			Target:   withParse(allowsNone),
			MustFail: []string{"alg-none-401", "other-alg-401"},
		},
		{
			Name:     "exp not required",
			Target:   withParse(expNotRequired),
			MustFail: []string{"missing-exp-401"},
		},
		{
			Name:     "iss not checked",
			Target:   withParse(issNotChecked),
			MustFail: []string{"wrong-issuer-401"},
		},
		{
			Name:     "aud not checked",
			Target:   withParse(audNotChecked),
			MustFail: []string{"wrong-audience-401"},
		},
		{
			Name:     "an hour of leeway",
			Target:   withParse(hourOfLeeway),
			MustFail: []string{"expired-401", "not-yet-valid-401"},
		},
		{
			Name:     "golang-jwt defaults: no parser options",
			Target:   withParse(noOptions),
			MustFail: []string{"other-alg-401", "missing-exp-401", "wrong-issuer-401", "wrong-audience-401"},
		},
		{
			Name:     "WithoutClaimsValidation",
			Target:   withParse(withoutClaimsValidation),
			MustFail: []string{"expired-401", "not-yet-valid-401", "missing-exp-401", "wrong-issuer-401", "wrong-audience-401"},
		},
		{
			Name:     "ParseUnverified: nothing checked",
			Target:   withParse(parseUnverified),
			MustFail: slices.Concat(invalidTokenChecks, []string{"every-method-guarded"}),
		},
		{
			Name:     "claims validated, signature never checked",
			Target:   withParse(signatureNeverChecked),
			MustFail: []string{"bad-signature-401", "alg-none-401", "other-alg-401", "malformed-401", "every-method-guarded"},
		},
		{
			Name:     "hard-coded signing key",
			Target:   Target{NewServer: hardCodedKey, Login: jwtauth.Login, CallTool: jwtauth.CallTool},
			MustFail: []string{"login-issues-token", "valid-token-works"},
		},

		// --- logging in -------------------------------------------------
		{
			Name:     "no Cache-Control: no-store",
			Target:   withLogin(noCacheControl),
			MustFail: []string{"login-no-store"},
		},
		{
			Name:     "no-store on success only",
			Target:   withLogin(noStoreOnSuccessOnly),
			MustFail: []string{"login-no-store"},
		},
		{
			Name:     "unknown user answered 404",
			Target:   withLogin(unknownUser404),
			MustFail: []string{"login-unknown-user-alike"},
		},
		{
			Name:     "unknown user gets another message",
			Target:   withLogin(unknownUserOtherMessage),
			MustFail: []string{"login-unknown-user-alike"},
		},
		{
			Name:     "unknown user refused before hashing",
			Target:   withAuthenticate(refusedBeforeHashing),
			MustFail: []string{"login-unknown-user-alike"},
		},
		{
			Name:     "unknown user checked against an empty hash",
			Target:   withAuthenticate(emptyHashForUnknown),
			MustFail: []string{"login-unknown-user-alike"},
		},
		{
			Name:   "VerifyPassword's bool ignored",
			Target: withAuthenticate(ignoresVerdict),
			// A wrong password now logs in (200) while an unknown user is
			// still refused (401): the two answers differ too.
			MustFail: []string{"login-wrong-password-401", "login-unknown-user-alike"},
		},
		{
			Name:     "token lives 24 hours",
			Target:   withIssue(livesADay),
			MustFail: []string{"login-issues-token"},
		},
		{
			Name:     "token lifetime hard-coded",
			Target:   withIssue(hardCodedLifetime),
			MustFail: []string{"login-issues-token"},
		},
		{
			Name:     "token without sub",
			Target:   withIssue(noSubject),
			MustFail: []string{"login-issues-token"},
		},
		{
			Name:     "permissions hard-coded",
			Target:   withIssue(hardCodedPermissions),
			MustFail: []string{"login-issues-token"},
		},
		{
			Name:     "token signed with HS512",
			Target:   withIssue(signedHS512),
			MustFail: []string{"login-issues-token"},
		},

		// --- starting the server ----------------------------------------
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
			Name:     "handler returned with the error",
			Target:   Target{NewServer: handlerWithError, Login: jwtauth.Login, CallTool: jwtauth.CallTool},
			MustFail: []string{"weak-key-refused"},
		},
		{
			Name:     "serves itself on every interface",
			Target:   Target{NewServer: strays.newServer, Login: jwtauth.Login, CallTool: jwtauth.CallTool},
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.close,
		},

		// --- the client -------------------------------------------------
		{
			Name:     "Login ignores the status",
			Target:   Target{NewServer: jwtauth.NewServer, Login: loginIgnoresStatus, CallTool: jwtauth.CallTool},
			MustFail: []string{"client-login"},
		},
		{
			Name:     "Login reads the wrong field",
			Target:   Target{NewServer: jwtauth.NewServer, Login: loginWrongField, CallTool: jwtauth.CallTool},
			MustFail: []string{"client-login"},
		},
		{
			// Models the stub's TODO left as is.
			Name: "token never sent",
			Target: withTransport(func(token string, base http.RoundTripper) http.RoundTripper {
				return &noTokenTransport{base: base}
			}),
			MustFail: []string{"client-sends-token"},
		},
		{
			Name: "token sent without Bearer",
			Target: withTransport(func(token string, base http.RoundTripper) http.RoundTripper {
				return &bareTokenTransport{token: token, base: base}
			}),
			MustFail: []string{"client-sends-token"},
		},
		{
			Name: "token on the first request only",
			Target: withTransport(func(token string, base http.RoundTripper) http.RoundTripper {
				return &firstOnlyTransport{token: token, base: base}
			}),
			MustFail: []string{"client-sends-token"},
		},
	}
}

// ---- assembling a mutant from the solution's parts -----------------------

// server is the solution's NewServer taken apart, so that a mutant replaces
// one part: the configuration check, the login handler or the middleware.
type server struct {
	checkConfig func(cfg jwtconfig.Config) error
	login       func(cfg jwtconfig.Config) http.HandlerFunc
	protect     func(cfg jwtconfig.Config, next http.Handler) http.Handler
}

// good is the solution, part by part.
var good = server{
	checkConfig: checkConfig,
	login:       loginWith(authenticate, jwtauth.IssueToken),
	protect:     jwtauth.RequireToken,
}

func (s server) newServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if err := s.checkConfig(cfg); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", s.login(cfg))
	mux.Handle("/mcp", s.protect(cfg, mcpHandler))
	return mux, nil
}

func (s server) target() Target {
	return Target{NewServer: s.newServer, Login: jwtauth.Login, CallTool: jwtauth.CallTool}
}

// withMiddleware is the solution with its middleware replaced by mw.
func withMiddleware(mw func(cfg jwtconfig.Config, next http.Handler) http.Handler) Target {
	s := good
	s.protect = mw
	return s.target()
}

// withParse is the solution with its token parsing replaced by parse.
func withParse(parse func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error)) Target {
	return withMiddleware(requireTokenWith(parse))
}

// withLogin is the solution with its login handler replaced.
func withLogin(login func(cfg jwtconfig.Config) http.HandlerFunc) Target {
	s := good
	s.login = login
	return s.target()
}

// withAuthenticate is the solution with its password check replaced.
func withAuthenticate(auth func(store *users.Store, username, password string) (users.User, bool)) Target {
	return withLogin(loginWith(auth, jwtauth.IssueToken))
}

// withIssue is the solution with its token issuing replaced.
func withIssue(issue func(cfg jwtconfig.Config, user users.User, now time.Time) (string, error)) Target {
	return withLogin(loginWith(authenticate, issue))
}

// withConfigCheck is the solution with its configuration check replaced.
func withConfigCheck(check func(cfg jwtconfig.Config) error) Target {
	s := good
	s.checkConfig = check
	return s.target()
}

// withTransport is the solution with CallTool's RoundTripper replaced by
// the one newTransport builds.
func withTransport(newTransport func(token string, base http.RoundTripper) http.RoundTripper) Target {
	return Target{
		NewServer: jwtauth.NewServer,
		Login:     jwtauth.Login,
		CallTool: func(ctx context.Context, endpoint, token, tool string) (string, error) {
			return callToolWith(ctx, endpoint, tool, &http.Client{Transport: newTransport(token, http.DefaultTransport)})
		},
	}
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
	if cfg.Issuer == "" || cfg.Audience == "" || cfg.Users == nil || cfg.TokenTTL <= 0 {
		return errors.New("the configuration needs an issuer, an audience, users and a token lifetime")
	}
	return nil
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// loginWith is the solution's login handler with the given password check
// and token issuing.
func loginWith(auth func(store *users.Store, username, password string) (users.User, bool),
	issue func(cfg jwtconfig.Config, user users.User, now time.Time) (string, error)) func(cfg jwtconfig.Config) http.HandlerFunc {
	return func(cfg jwtconfig.Config) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			var req loginRequest
			if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
				http.Error(w, "send JSON: {\"username\": ..., \"password\": ...}", http.StatusBadRequest)
				return
			}
			user, ok := auth(cfg.Users, req.Username, req.Password)
			if !ok {
				http.Error(w, "invalid user name or password", http.StatusUnauthorized)
				return
			}
			writeToken(w, cfg, user, issue)
		}
	}
}

// writeToken is the end of the solution's login handler: issue a token and
// answer it as JSON.
func writeToken(w http.ResponseWriter, cfg jwtconfig.Config, user users.User,
	issue func(cfg jwtconfig.Config, user users.User, now time.Time) (string, error)) {
	token, err := issue(cfg, user, time.Now())
	if err != nil {
		http.Error(w, "could not issue a token", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(tokenResponse{
		AccessToken: token, TokenType: "Bearer", ExpiresIn: int(cfg.TokenTTL.Seconds()),
	})
}

// authenticate is the solution's password check.
func authenticate(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	hash := users.DummyHash
	if found {
		hash = user.PasswordHash
	}
	ok, err := users.VerifyPassword(hash, password)
	return user, found && ok && err == nil
}

// requireTokenWith is the solution's RequireToken with the given parsing.
func requireTokenWith(parse func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error)) func(jwtconfig.Config, http.Handler) http.Handler {
	return func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				return
			}
			claims, err := parse(cfg, token)
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims)))
		})
	}
}

type claimsKey struct{}

// refuseMissing and refuseInvalid are the solution's two refusals.
func refuseMissing(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
	http.Error(w, "Unauthorized", http.StatusUnauthorized)
}

func refuseInvalid(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
	http.Error(w, "Unauthorized", http.StatusUnauthorized)
}

// ---- middleware mutants (copies of the solution's RequireToken) -----------

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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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
// no header panics (index out of range).
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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
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

// ---- parsing mutants (copies of the solution's ParseToken) ----------------

// Models the golang-jwt README's key function: it checks the method's type,
// so every HMAC variant gets the key.
func anyHMAC(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(t *jwt.Token) (any, error) {
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok { // BUG: HS384 and HS512 pass too; no WithValidMethods
				return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
			}
			return cfg.SigningKey, nil
		},
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models a key function that lets unsigned tokens in "for testing", with no
// pinned algorithm.
func allowsNone(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(t *jwt.Token) (any, error) {
			if t.Method == jwt.SigningMethodNone {
				return jwt.UnsafeAllowNoneSignatureType, nil // BUG: alg none accepted, and no WithValidMethods
			}
			return cfg.SigningKey, nil
		},
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models trusting golang-jwt to demand exp: it checks exp only when present.
func expNotRequired(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		// BUG: no jwt.WithExpirationRequired()
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models forgetting the issuer: any issuer sharing the key is accepted.
func issNotChecked(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		// BUG: no jwt.WithIssuer(cfg.Issuer)
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models forgetting the audience: a token for another service works here.
func audNotChecked(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		// BUG: no jwt.WithAudience(cfg.Audience)
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models "fixing" clock-skew errors with a huge leeway.
func hourOfLeeway(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(time.Hour), // BUG: tokens live an hour past exp, and before nbf
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models trusting golang-jwt's defaults: no pinned algorithm, no required
// exp, no iss or aud check.
func noOptions(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil }) // BUG: no parser options
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models silencing "token is expired" while debugging, and leaving it in:
// the signature is checked, the claims are not.
func withoutClaimsValidation(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithoutClaimsValidation(), // BUG: exp, nbf, iss and aud are never looked at
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models decoding the token without verifying anything.
func parseUnverified(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil { // BUG: nothing is verified
		return nil, err
	}
	return claims, nil
}

// Models validating the claims carefully on a token whose signature was
// never checked: anyone can write claims.
func signatureNeverChecked(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil { // BUG: the signature is never verified
		return nil, err
	}
	v := jwt.NewValidator(
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err := v.Validate(claims); err != nil {
		return nil, err
	}
	return claims, nil
}

// Models a key written in the source: the configured key is checked, then
// ignored, so anyone who reads the code can forge tokens.
func hardCodedKey(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	cfg.SigningKey = []byte("authlab-lab-signing-key-0123456789") // BUG
	return good.newServer(cfg, mcpHandler)
}

// ---- login mutants (copies of the solution's login handler) ---------------

// Models forgetting RFC 6749 §5.1: login answers may be cached.
func noCacheControl(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// BUG: no Cache-Control: no-store
		var req loginRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "send JSON: {\"username\": ..., \"password\": ...}", http.StatusBadRequest)
			return
		}
		user, ok := authenticate(cfg.Users, req.Username, req.Password)
		if !ok {
			http.Error(w, "invalid user name or password", http.StatusUnauthorized)
			return
		}
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// Models setting no-store next to the token only: refusals may be cached.
func noStoreOnSuccessOnly(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req loginRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "send JSON: {\"username\": ..., \"password\": ...}", http.StatusBadRequest)
			return
		}
		user, ok := authenticate(cfg.Users, req.Username, req.Password)
		if !ok {
			http.Error(w, "invalid user name or password", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Cache-Control", "no-store") // BUG: set after the refusal was answered
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// Models a REST habit: an unknown user is "not found", which tells an
// attacker which user names exist.
func unknownUser404(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		var req loginRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "send JSON: {\"username\": ..., \"password\": ...}", http.StatusBadRequest)
			return
		}
		user, found := cfg.Users.Lookup(req.Username)
		if !found {
			users.VerifyPassword(users.DummyHash, req.Password)
			http.Error(w, "no such user", http.StatusNotFound) // BUG
			return
		}
		if ok, err := users.VerifyPassword(user.PasswordHash, req.Password); !ok || err != nil {
			http.Error(w, "invalid user name or password", http.StatusUnauthorized)
			return
		}
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// Models a "helpful" message: same status and same work, but the body tells
// an unknown user from a wrong password.
func unknownUserOtherMessage(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		var req loginRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "send JSON: {\"username\": ..., \"password\": ...}", http.StatusBadRequest)
			return
		}
		user, found := cfg.Users.Lookup(req.Username)
		if !found {
			users.VerifyPassword(users.DummyHash, req.Password)
			http.Error(w, "no such user", http.StatusUnauthorized) // BUG: another body
			return
		}
		if ok, err := users.VerifyPassword(user.PasswordHash, req.Password); !ok || err != nil {
			http.Error(w, "wrong password", http.StatusUnauthorized)
			return
		}
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// ---- password-check mutants (copies of the solution's authenticate) -------

// Models the natural early return: same answer, but an unknown user costs no
// hash, so the response time tells which user names exist.
func refusedBeforeHashing(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	if !found {
		return users.User{}, false // BUG: no users.VerifyPassword(users.DummyHash, password)
	}
	ok, err := users.VerifyPassword(user.PasswordHash, password)
	return user, ok && err == nil
}

// Models verifying against the zero User's hash: for an unknown user it is
// "", which VerifyPassword refuses at once, without hashing.
func emptyHashForUnknown(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	ok, err := users.VerifyPassword(user.PasswordHash, password) // BUG: "" for an unknown user, not users.DummyHash
	return user, found && ok && err == nil
}

// Models checking VerifyPassword's error and not its verdict.
func ignoresVerdict(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	hash := users.DummyHash
	if found {
		hash = user.PasswordHash
	}
	_, err := users.VerifyPassword(hash, password) // BUG: the bool is the answer
	return user, found && err == nil
}

// ---- issuing mutants (copies of the solution's IssueToken) ----------------

// Models a "convenient" day-long token that cannot be revoked.
func livesADay(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(24 * time.Hour)), // BUG: not cfg.TokenTTL
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models the lesson's 15 minutes written in the code: an operator who
// configures a shorter lifetime still gets 15-minute tokens.
func hardCodedLifetime(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(jwtconfig.DefaultTokenTTL)), // BUG: not cfg.TokenTTL
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models forgetting the subject: the token says nothing about who it is for.
func noSubject(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			// BUG: no Subject
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models permissions written for the demo user instead of read from the store.
func hardCodedPermissions(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: []string{"User.Read", "User.Write"}, // BUG: not user.Permissions
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models "more bits is safer": the token is not the HS256 the stage issues
// and accepts.
func signedHS512(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS512, claims).SignedString(cfg.SigningKey) // BUG: HS512
}

// ---- NewServer mutants -----------------------------------------------------

// Models the stub's TODO left as is: golang-jwt signs with any key, even
// an empty one.
func noKeyCheck(cfg jwtconfig.Config) error {
	// BUG: no len(cfg.SigningKey) check
	return checkRest(cfg)
}

// Models refusing a missing key only: a short one can be brute-forced.
func onlyEmptyKeyRefused(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) == 0 { // BUG: should be < jwtconfig.MinKeyLen
		return fmt.Errorf("no signing key (set %s)", jwtconfig.KeyEnv)
	}
	return checkRest(cfg)
}

// Models building the handler first and returning it alongside the error.
func handlerWithError(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", loginWith(authenticate, jwtauth.IssueToken)(cfg))
	mux.Handle("/mcp", jwtauth.RequireToken(cfg, mcpHandler))
	if err := checkConfig(cfg); err != nil {
		return mux, err // BUG: the handler should be nil
	}
	return mux, nil
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
	h, err := jwtauth.NewServer(cfg, mcpHandler)
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

// ---- client mutants (copies of the solution's Login and CallTool) ---------

// Models decoding whatever comes back: a refused login yields "" and no
// error.
func loginIgnoresStatus(ctx context.Context, baseURL, username, password string) (string, error) {
	body, err := json.Marshal(loginRequest{Username: username, Password: password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/login", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr tokenResponse
	_ = json.NewDecoder(resp.Body).Decode(&tr) // BUG: neither the status nor the decoding error is checked
	return tr.AccessToken, nil
}

// Models guessing the answer's shape: the token is in access_token.
func loginWrongField(ctx context.Context, baseURL, username, password string) (string, error) {
	body, err := json.Marshal(loginRequest{Username: username, Password: password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/login", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login refused: %s", resp.Status)
	}
	var tr struct {
		Token string `json:"token"` // BUG: the field is access_token
	}
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	return tr.Token, nil
}

// callToolWith is the solution's CallTool with the http.Client given.
func callToolWith(ctx context.Context, endpoint, tool string, hc *http.Client) (string, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-client", Version: "1.0.0"}, nil)
	session, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:   endpoint,
		HTTPClient: hc,
	}, nil)
	if err != nil {
		return "", fmt.Errorf("connecting to %s: %w", endpoint, err)
	}
	defer session.Close()
	res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: map[string]any{}})
	if err != nil {
		return "", fmt.Errorf("calling %s: %w", tool, err)
	}
	var text []string
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			text = append(text, t.Text)
		}
	}
	if res.IsError {
		return "", fmt.Errorf("%s failed: %s", tool, strings.Join(text, " "))
	}
	return strings.Join(text, "\n"), nil
}

// Models the stub's RoundTrip: the request goes out as it came.
type noTokenTransport struct {
	base http.RoundTripper
}

func (t *noTokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(req) // BUG: no Authorization header
}

// Models authenticating the connection once, as if the server remembered it.
type firstOnlyTransport struct {
	token string
	base  http.RoundTripper
	once  sync.Once
}

func (t *firstOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	t.once.Do(func() { r.Header.Set("Authorization", "Bearer "+t.token) }) // BUG
	return t.base.RoundTrip(r)
}

// Models sending the bare token, forgetting the Bearer scheme.
type bareTokenTransport struct {
	token string
	base  http.RoundTripper
}

func (t *bareTokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", t.token) // BUG: no "Bearer "
	return t.base.RoundTrip(r)
}
