// Package refresh is stage 5 of authlab: refresh tokens on top of the
// access tokens you wrote in stage 2 (given, in access.go). Read the lesson
// first (authlab opens it for you), then fill in the TODOs. Run the checks
// with `c` in the lab or `authlab check refresh`.
package refresh

import (
	"net/http"
	"sync"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
)

// NewServer returns the lab's HTTP handler: POST /login, POST /token and
// POST /revoke, and /mcp serving mcpHandler to requests with a valid access
// token. It refuses a configuration it cannot run safely.
func NewServer(cfg jwtconfig.Config, store *refreshstore.Store, mcpHandler http.Handler) (http.Handler, error) {
	if err := checkAccessConfig(cfg); err != nil {
		return nil, err
	}
	// TODO: refuse a nil store, or cfg.RefreshTTL <= 0.
	s := &server{cfg: cfg, store: store}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /revoke", s.revoke)
	mux.Handle("/mcp", RequireToken(cfg, mcpHandler))
	return mux, nil
}

// server holds what the token endpoints share.
type server struct {
	cfg   jwtconfig.Config
	store *refreshstore.Store
}

// login is stage 2's login: it answers an access token only.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	req, ok := readLogin(w, r)
	if !ok {
		refuseToken(w, "invalid_request", `send JSON {"username": ..., "password": ...}`)
		return
	}
	user, ok := authenticate(s.cfg.Users, req.Username, req.Password)
	if !ok {
		refuseToken(w, "invalid_grant", "invalid user name or password")
		return
	}
	access, err := IssueToken(s.cfg, user, time.Now())
	if err != nil {
		http.Error(w, "could not issue a token", http.StatusInternalServerError)
		return
	}
	// TODO: start a family (a random id, and an end of life
	// cfg.RefreshTTL from now), make a refresh token from crypto/rand,
	// store a record of it under its SHA-256 (store.Add), and answer it
	// as refresh_token beside the access token.
	writeTokens(w, tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int(s.cfg.TokenTTL.Seconds())})
}

// token serves POST /token with grant_type=refresh_token (RFC 6749 §6).
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	// TODO: read the form (r.ParseForm, then r.PostForm). Refuse a missing
	// grant_type or refresh_token (invalid_request) and any other grant
	// (unsupported_grant_type). In one store.Update, refuse a token that
	// is Used (then revoke its family) or expired, and mark it Used. Answer
	// a new access token and a new refresh token of the same family.
	refuseToken(w, "unsupported_grant_type", "not written yet")
}

// revoke serves POST /revoke (RFC 7009).
func (s *server) revoke(w http.ResponseWriter, r *http.Request) {
	// TODO: read the form's token, revoke its family if the store knows
	// it, and answer 200 either way.
	http.Error(w, "not written yet", http.StatusNotImplemented)
}

// Transport is an http.RoundTripper that sends the access token on every
// request and, when the server refuses it as invalid_token, refreshes once
// and retries the request once. Safe for concurrent use.
type Transport struct {
	base     http.RoundTripper
	tokenURL string

	mu      sync.Mutex // guards the tokens
	access  string
	refresh string
}

// NewTransport returns a Transport sending requests through base, with the
// given tokens, refreshing them at tokenURL.
func NewTransport(base http.RoundTripper, tokenURL, access, refresh string) *Transport {
	return &Transport{base: base, tokenURL: tokenURL, access: access, refresh: refresh}
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	access := t.access
	t.mu.Unlock()
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+access)
	// TODO: on a 401 whose WWW-Authenticate says error="invalid_token",
	// refresh once at t.tokenURL and send the request once more, with
	// req.GetBody()'s body; never when the body cannot be sent again.
	return t.base.RoundTrip(r)
}
