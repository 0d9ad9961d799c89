// Package refresh is stage 5 of authlab: refresh tokens on top of stage 2's
// access tokens. POST /login also hands out an opaque refresh token; POST
// /token trades it for a new pair and kills it (rotation); a rotated token
// presented again revokes its whole family (reuse detection); POST /revoke
// revokes a family on request (RFC 7009). The client side is an
// http.RoundTripper that refreshes once when the access token is refused.
//
// This is the reference solution.
package refresh

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
	"authlab/internal/users"
)

// NewServer returns the lab's HTTP handler: POST /login, POST /token and
// POST /revoke, and /mcp serving mcpHandler to requests with a valid access
// token. It refuses a configuration it cannot run safely.
func NewServer(cfg jwtconfig.Config, store *refreshstore.Store, mcpHandler http.Handler) (http.Handler, error) {
	if err := checkAccessConfig(cfg); err != nil {
		return nil, err
	}
	if store == nil || cfg.RefreshTTL <= 0 {
		return nil, errors.New("refresh tokens need a store and a lifetime (RefreshTTL > 0)")
	}
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

// refreshTokenBytes is how much randomness a refresh token carries: 256
// bits, far past the 128 that make guessing hopeless.
const refreshTokenBytes = 32

// randomToken returns a fresh random string from crypto/rand, URL-safe.
func randomToken() (string, error) {
	b := make([]byte, refreshTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// storeKey is the key a refresh token is stored under: its SHA-256. Whoever
// reads the store learns no token, and a fast hash is enough, since the
// token is 256 random bits and no dictionary holds it (a password, which
// a person picks, needs argon2id). The store finds the record by this key;
// no secret is compared byte by byte, so there is nothing to time.
func storeKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

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
	// A login starts a family: every token rotated from this one shares
	// its id and its end of life.
	family, err := randomToken()
	if err != nil {
		http.Error(w, "could not issue a token", http.StatusInternalServerError)
		return
	}
	s.issue(w, user, family, time.Now().Add(s.cfg.RefreshTTL))
}

// issue answers with a new access token and a new refresh token of family,
// which lives until expires.
func (s *server) issue(w http.ResponseWriter, user users.User, family string, expires time.Time) {
	access, err := IssueToken(s.cfg, user, time.Now())
	if err != nil {
		http.Error(w, "could not issue a token", http.StatusInternalServerError)
		return
	}
	refresh, err := randomToken()
	if err == nil {
		err = s.store.Add(storeKey(refresh), refreshstore.Record{Family: family, Subject: user.Username, Expires: expires})
	}
	if err != nil {
		http.Error(w, "could not issue a token", http.StatusInternalServerError)
		return
	}
	writeTokens(w, tokenResponse{
		AccessToken: access, TokenType: "Bearer", ExpiresIn: int(s.cfg.TokenTTL.Seconds()), RefreshToken: refresh,
	})
}

// Why a refresh token is refused; the client hears invalid_grant for each.
var (
	errReused  = errors.New("the refresh token was already used")
	errExpired = errors.New("the refresh token expired")
)

// token serves the refresh_token grant (RFC 6749 §6) with rotation (RFC
// 9700 §4.14.2): the presented token dies, a new one takes its place.
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	form, ok := readForm(w, r)
	if !ok {
		refuseToken(w, "invalid_request", "send grant_type and refresh_token, form-encoded, each once")
		return
	}
	switch form.Get("grant_type") {
	case "refresh_token":
	case "":
		refuseToken(w, "invalid_request", "grant_type is missing")
		return
	default:
		refuseToken(w, "unsupported_grant_type", "this endpoint serves grant_type=refresh_token")
		return
	}
	presented := form.Get("refresh_token")
	if presented == "" {
		refuseToken(w, "invalid_request", "refresh_token is missing")
		return
	}
	now := time.Now()
	// Check and mark used in one step: of two requests racing with the
	// same token, only one can see it unused.
	rec, err := s.store.Update(storeKey(presented), func(rec *refreshstore.Record) error {
		if rec.Used {
			return errReused
		}
		if !now.Before(rec.Expires) {
			return errExpired
		}
		rec.Used = true
		return nil
	})
	if errors.Is(err, errReused) {
		// Someone holds a copy of a token its owner already rotated: the
		// server cannot tell thief from owner, so the whole login ends.
		s.store.DeleteFamily(rec.Family)
	}
	if err != nil {
		refuseToken(w, "invalid_grant", "the refresh token is invalid, expired or revoked")
		return
	}
	user, found := s.cfg.Users.Lookup(rec.Subject)
	if !found {
		s.store.DeleteFamily(rec.Family)
		refuseToken(w, "invalid_grant", "the refresh token is invalid, expired or revoked")
		return
	}
	// The new token keeps the family's end of life: rotating never
	// extends a login.
	s.issue(w, user, rec.Family, rec.Expires)
}

// revoke serves token revocation (RFC 7009): the token's whole family is
// revoked. An unknown token gets the same 200, so the endpoint never says
// whether a token existed (§2.2).
func (s *server) revoke(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	form, ok := readForm(w, r)
	if !ok || form.Get("token") == "" {
		refuseToken(w, "invalid_request", "send the token to revoke as token=..., form-encoded")
		return
	}
	if rec, found := s.store.Get(storeKey(form.Get("token"))); found {
		s.store.DeleteFamily(rec.Family)
	}
	w.WriteHeader(http.StatusOK)
}

// readForm reads a form-encoded body (RFC 6749 §6: the parameters go in
// the request body; §3.2: each at most once). The URL's query is not read: tokens do not
// belong in URLs, which end up in logs.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil {
		return nil, false
	}
	for _, values := range r.PostForm {
		if len(values) > 1 {
			return nil, false
		}
	}
	return r.PostForm, true
}

// Transport is an http.RoundTripper that sends the access token on every
// request and, when the server refuses it as invalid_token, refreshes once
// and retries the request once. Safe for concurrent use.
type Transport struct {
	base     http.RoundTripper
	tokenURL string

	mu      sync.Mutex // guards the tokens, and makes one refresh at a time
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
	used := t.accessToken()
	resp, err := t.base.RoundTrip(withBearer(req, req.Body, used))
	if err != nil || !refusedAsInvalid(resp) {
		return resp, err
	}
	// A body already sent cannot be sent again without GetBody: the
	// refusal is the answer.
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return resp, nil
	}
	fresh, err := t.refreshAfter(req.Context(), used)
	if err != nil {
		return resp, nil // the refusal stands: the caller must log in again
	}
	body := req.Body
	if req.GetBody != nil {
		if body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}
	resp.Body.Close()
	// Retried once: whatever comes back now is the answer.
	return t.base.RoundTrip(withBearer(req, body, fresh))
}

func (t *Transport) accessToken() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.access
}

// refreshAfter returns an access token newer than used: another request's
// refresh if one happened meanwhile, or one it gets from the token
// endpoint. Holding the lock throughout, concurrent requests refresh once.
func (t *Transport) refreshAfter(ctx context.Context, used string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.access != used {
		return t.access, nil
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.refresh}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// Through base, not t: the token endpoint's answers are not refreshed.
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("refresh refused: %s", resp.Status)
	}
	var tr tokenResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&tr); err != nil || tr.AccessToken == "" || tr.RefreshToken == "" {
		return "", errors.New("the token endpoint's answer lacks access_token or refresh_token")
	}
	t.access, t.refresh = tr.AccessToken, tr.RefreshToken
	return t.access, nil
}

// withBearer returns a copy of req with body and the access token: a
// RoundTripper must not change the request it was given.
func withBearer(req *http.Request, body io.ReadCloser, token string) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

// refusedAsInvalid says whether resp refuses the access token itself (RFC
// 6750 §3.1): a 401 whose challenge says error="invalid_token". Any other
// refusal, such as 403 insufficient_scope, no new token would change.
func refusedAsInvalid(resp *http.Response) bool {
	if resp.StatusCode != http.StatusUnauthorized {
		return false
	}
	for _, challenge := range resp.Header.Values("WWW-Authenticate") {
		if strings.Contains(challenge, `error="invalid_token"`) {
			return true
		}
	}
	return false
}
