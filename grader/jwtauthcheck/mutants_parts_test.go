package jwtauthcheck

// The reference solution taken apart, so that a mutant replaces one part:
// the configuration check, the login handler, the middleware, the parsing,
// the client. The unexported parts are copies of the solution's.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/users"
	"authlab/solutions/jwtauth"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// server is the solution's NewServer taken apart.
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
	return Target{NewServer: s.newServer, Login: jwtauth.Login, CallTool: jwtauth.CallTool, ParseToken: parseWith(jwtauth.ParseToken), ClaimsFrom: claimsFrom,
		Source: solution.Source}
}

// withServer is the solution with NewServer replaced.
func withServer(newServer func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error)) Target {
	t := good.target()
	t.NewServer = newServer
	return t
}

// withMiddleware is the solution with its middleware replaced by mw.
func withMiddleware(mw func(cfg jwtconfig.Config, next http.Handler) http.Handler) Target {
	s := good
	s.protect = mw
	return s.target()
}

// withParse is the solution with its token parsing replaced by parse, in
// the middleware and as the package's ParseToken.
func withParse(parse func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error)) Target {
	t := withMiddleware(requireTokenWith(parse))
	t.ParseToken = parseWith(parse)
	return t
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

// withLoginClient is the solution with Login replaced.
func withLoginClient(login func(ctx context.Context, baseURL, username, password string) (string, error)) Target {
	t := good.target()
	t.Login = login
	return t
}

// withTransport is the solution with CallTool's RoundTripper replaced by
// the one newTransport builds for the endpoint.
func withTransport(newTransport func(token string, origin *url.URL, base http.RoundTripper) http.RoundTripper) Target {
	t := good.target()
	t.CallTool = func(ctx context.Context, endpoint, token, tool string) (string, error) {
		home, err := url.Parse(endpoint)
		if err != nil {
			return "", err
		}
		return callToolWith(ctx, ctx, endpoint, tool, &http.Client{Transport: newTransport(token, home, http.DefaultTransport)})
	}
	return t
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

// loginSteps are the steps of the solution's login handler; a login mutant
// is the solution with one of them replaced.
type loginSteps struct {
	headers func(w http.ResponseWriter)
	decode  func(w http.ResponseWriter, r *http.Request) (loginRequest, bool)
	auth    func(store *users.Store, username, password string) (users.User, bool)
	refuse  func(w http.ResponseWriter, req loginRequest)
	issue   func(cfg jwtconfig.Config, user users.User, now time.Time) (string, error)
}

// solutionLogin is the solution's login, step by step.
func solutionLogin() loginSteps {
	return loginSteps{
		headers: noStore,
		decode:  decodeLogin,
		auth:    authenticate,
		refuse:  func(w http.ResponseWriter, _ loginRequest) { refuseGrant(w) },
		issue:   jwtauth.IssueToken,
	}
}

// handler is the login handler the steps make, for cfg.
func (l loginSteps) handler(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l.headers(w)
		req, ok := l.decode(w, r)
		if !ok {
			return
		}
		user, ok := l.auth(cfg.Users, req.Username, req.Password)
		if !ok {
			l.refuse(w, req)
			return
		}
		writeToken(w, cfg, user, l.issue)
	}
}

// loginWith is the solution's login handler with the given password check
// and token issuing.
func loginWith(auth func(store *users.Store, username, password string) (users.User, bool),
	issue func(cfg jwtconfig.Config, user users.User, now time.Time) (string, error)) func(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.auth, l.issue = auth, issue
	return l.handler
}

// noStore is the solution's first lines of the login handler: no cache may
// keep the answer (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// decodeLogin is the solution's reading of the login body: a body that does
// not decode, or lacks a field, is answered 400 invalid_request.
func decodeLogin(w http.ResponseWriter, r *http.Request) (loginRequest, bool) {
	var req loginRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.Username == "" || req.Password == "" {
		refuseLogin(w, "invalid_request", `send JSON {"username": ..., "password": ...}`)
		return req, false
	}
	return req, true
}

// refuseGrant is the solution's answer to a wrong user name or password.
func refuseGrant(w http.ResponseWriter) {
	refuseLogin(w, "invalid_grant", "invalid user name or password")
}

// refuseLogin is the solution's OAuth 2.0 error answer (RFC 6749 §5.2).
func refuseLogin(w http.ResponseWriter, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
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

// bearer is the solution's reading of the Authorization header: "Bearer",
// in any case, one or more spaces, the token.
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimLeft(token, " ")
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// requireTokenWith is the solution's RequireToken with the given parsing.
func requireTokenWith(parse func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error)) func(jwtconfig.Config, http.Handler) http.Handler {
	return func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := bearer(r)
			if !ok {
				refuseMissing(w)
				return
			}
			claims, err := parse(cfg, token)
			if err != nil {
				refuseInvalid(w)
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

// noRedirects is the solution's login client: it follows no redirect.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// callToolWith is the solution's CallTool with the http.Client given;
// connectCtx is the context the session is opened with.
func callToolWith(ctx, connectCtx context.Context, endpoint, tool string, hc *http.Client) (string, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-client", Version: "1.0.0"}, nil)
	session, err := client.Connect(connectCtx, &mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: hc}, nil)
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

// sameOriginTransport is the solution's bearerTransport: the token on
// every request for the endpoint's origin, on a clone.
type sameOriginTransport struct {
	token  string
	origin *url.URL
	base   http.RoundTripper
}

func (t *sameOriginTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Scheme, t.origin.Scheme) || !strings.EqualFold(req.URL.Host, t.origin.Host) {
		return t.base.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(r)
}

// claimsFrom is the entry file's binding of ClaimsFrom, for the solution's
// middleware and for the mutants' copies of it, which keep the claims
// under a key of their own.
func claimsFrom(ctx context.Context) (string, []string, bool) {
	c, ok := jwtauth.ClaimsFrom(ctx)
	if !ok {
		c, ok = ctx.Value(claimsKey{}).(*jwtauth.Claims)
	}
	if !ok || c == nil {
		return "", nil, false
	}
	return c.Subject, c.Permissions, true
}
