package refreshcheck

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strings"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
	"authlab/internal/users"
	reference "authlab/solutions/refresh"
)

// serverBugs are the classic mistakes a mutant server makes, one each: the
// server below is the reference solution's, with each mistake behind its
// flag, marked `// BUG`.
type serverBugs struct {
	shortToken       bool // 64-bit refresh tokens
	storedInClear    bool // the token itself as the store's key
	noRotation       bool // the same refresh token back, never marked used
	noReuseDetection bool // a reused token refused, its family left alive
	reuseRevokesOne  bool // a reused token deleted, its family left alive
	reuseRevokesAll  bool // a reused token revokes every login's tokens
	refreshAsAccess  bool // /mcp also takes a refresh token
	accessAsRefresh  bool // /token also takes a valid access token
	noExpiry         bool // the lifetime never checked
	slidingExpiry    bool // each rotation lives RefreshTTL from now
	missingAsGrant   bool // a missing refresh_token answered invalid_grant
	readsQuery       bool // takes the parameters from the URL too
	cacheOnlyGrants  bool // no-store only on granted answers
	revokeNoop       bool // /revoke answers 200 and does nothing
	revokeOnlyKey    bool // /revoke deletes the one token, not its family
	revokeLeaks      bool // /revoke answers 400 for an unknown token
	checkThenMark    bool // decides on store.Get, marks used later
	noConfigCheck    bool // starts without a store or lifetime
	logsTokens       bool // logs the refresh token it rotates
}

// buggyServer is the reference server with bugs.
func buggyServer(b serverBugs) func(jwtconfig.Config, *refreshstore.Store, http.Handler) (http.Handler, error) {
	return func(cfg jwtconfig.Config, store *refreshstore.Store, mcpHandler http.Handler) (http.Handler, error) {
		if len(cfg.SigningKey) < jwtconfig.MinKeyLen || cfg.Issuer == "" || cfg.Audience == "" || cfg.Users == nil || cfg.TokenTTL <= 0 {
			return nil, errors.New("the configuration needs a key, an issuer, an audience, users and a token lifetime")
		}
		if !b.noConfigCheck && (store == nil || cfg.RefreshTTL <= 0) { // BUG when noConfigCheck: starts anyway
			return nil, errors.New("refresh tokens need a store and a lifetime")
		}
		s := &buggy{bugs: b, cfg: cfg, store: store}
		mux := http.NewServeMux()
		mux.HandleFunc("POST /login", s.login)
		mux.HandleFunc("POST /token", s.token)
		mux.HandleFunc("POST /revoke", s.revoke)
		mcp := reference.RequireToken(cfg, mcpHandler)
		if b.refreshAsAccess {
			mcp = s.acceptingRefresh(mcpHandler, mcp)
		}
		mux.Handle("/mcp", mcp)
		return mux, nil
	}
}

// buggy is a mutant server.
type buggy struct {
	bugs  serverBugs
	cfg   jwtconfig.Config
	store *refreshstore.Store
}

func (s *buggy) key(token string) string {
	if s.bugs.storedInClear {
		return token // BUG: whoever reads the store can log in
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *buggy) random() string {
	n := 32
	if s.bugs.shortToken {
		n = 8 // BUG: 64 bits
	}
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *buggy) noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

func (s *buggy) refuse(w http.ResponseWriter, code string) {
	if !s.bugs.cacheOnlyGrants {
		s.noStore(w)
	} // BUG when cacheOnlyGrants: refusals may be cached
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func (s *buggy) login(w http.ResponseWriter, r *http.Request) {
	var req struct{ Username, Password string }
	if json.NewDecoder(r.Body).Decode(&req) != nil {
		s.refuse(w, "invalid_request")
		return
	}
	user, found := s.cfg.Users.Lookup(req.Username)
	hash := users.DummyHash
	if found {
		hash = user.PasswordHash
	}
	if ok, err := users.VerifyPassword(hash, req.Password); !found || !ok || err != nil {
		s.refuse(w, "invalid_grant")
		return
	}
	s.issue(w, user, s.random(), time.Now().Add(s.cfg.RefreshTTL), "")
}

// issue answers new tokens; reuse, when set, is the refresh token to hand
// back instead of a new one.
func (s *buggy) issue(w http.ResponseWriter, user users.User, family string, expires time.Time, reuse string) {
	s.noStore(w)
	access, err := reference.IssueToken(s.cfg, user, time.Now())
	if err != nil {
		http.Error(w, "could not issue a token", http.StatusInternalServerError)
		return
	}
	refresh := reuse
	if refresh == "" {
		refresh = s.random()
		s.store.Add(s.key(refresh), refreshstore.Record{Family: family, Subject: user.Username, Expires: expires})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 60, "refresh_token": refresh})
}

var errUsed, errExpired = errors.New("used"), errors.New("expired")

func (s *buggy) token(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil {
		s.refuse(w, "invalid_request")
		return
	}
	form := r.PostForm
	if s.bugs.readsQuery {
		form = r.Form // BUG: the query string too, and URLs are logged
	}
	switch form.Get("grant_type") {
	case "refresh_token":
	case "":
		s.refuse(w, "invalid_request")
		return
	default:
		s.refuse(w, "unsupported_grant_type")
		return
	}
	presented := form.Get("refresh_token")
	if presented == "" {
		if s.bugs.missingAsGrant {
			s.refuse(w, "invalid_grant") // BUG: a malformed request is invalid_request
			return
		}
		s.refuse(w, "invalid_request")
		return
	}
	if s.bugs.logsTokens {
		log.Printf("refreshing %s", presented) // BUG: the token in the logs
	}
	now := time.Now()
	check := func(rec *refreshstore.Record) error {
		switch {
		case rec.Used && !s.bugs.noRotation:
			return errUsed
		case !now.Before(rec.Expires) && !s.bugs.noExpiry: // BUG when noExpiry
			return errExpired
		}
		if !s.bugs.noRotation {
			rec.Used = true
		} // BUG when noRotation: the token lives on
		return nil
	}
	var rec refreshstore.Record
	var err error
	if s.bugs.checkThenMark {
		// BUG: another request can read the record between Get and Update.
		var found bool
		if rec, found = s.store.Get(s.key(presented)); !found {
			err = refreshstore.ErrNotFound
		} else if err = check(&rec); err == nil {
			_, err = s.store.Update(s.key(presented), func(r *refreshstore.Record) error { r.Used = true; return nil })
		}
	} else {
		rec, err = s.store.Update(s.key(presented), check)
	}
	if errors.Is(err, refreshstore.ErrNotFound) && s.bugs.accessAsRefresh {
		if claims, perr := reference.ParseToken(s.cfg, presented); perr == nil { // BUG: an access token is not a refresh token
			if user, ok := s.cfg.Users.Lookup(claims.Subject); ok {
				s.issue(w, user, s.random(), now.Add(s.cfg.RefreshTTL), "")
				return
			}
		}
	}
	if errors.Is(err, errUsed) {
		switch {
		case s.bugs.noReuseDetection: // BUG: the family lives on
		case s.bugs.reuseRevokesOne:
			s.store.Delete(s.key(presented)) // BUG: only the reused token
		case s.bugs.reuseRevokesAll:
			for _, k := range s.store.Keys() {
				s.store.Delete(k) // BUG: every login pays for one theft
			}
		default:
			s.store.DeleteFamily(rec.Family)
		}
	}
	if err != nil {
		s.refuse(w, "invalid_grant")
		return
	}
	user, _ := s.cfg.Users.Lookup(rec.Subject)
	expires := rec.Expires
	if s.bugs.slidingExpiry {
		expires = now.Add(s.cfg.RefreshTTL) // BUG: rotating extends the login
	}
	reuse := ""
	if s.bugs.noRotation {
		reuse = presented // BUG: the same token back
	}
	s.issue(w, user, rec.Family, expires, reuse)
}

func (s *buggy) revoke(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("token") == "" {
		s.refuse(w, "invalid_request")
		return
	}
	key := s.key(r.PostForm.Get("token"))
	rec, found := s.store.Get(key)
	switch {
	case s.bugs.revokeNoop: // BUG: nothing revoked
	case !found && s.bugs.revokeLeaks:
		s.refuse(w, "invalid_grant") // BUG: tells whether the token existed
		return
	case found && s.bugs.revokeOnlyKey:
		s.store.Delete(key) // BUG: its successors live on
	case found:
		s.store.DeleteFamily(rec.Family)
	}
	w.WriteHeader(http.StatusOK)
}

// acceptingRefresh lets a request whose bearer token is a refresh token
// the store knows straight through to next, and sends the others through
// guarded.
func (s *buggy) acceptingRefresh(next, guarded http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if _, ok := s.store.Get(s.key(tok)); ok {
			next.ServeHTTP(w, r) // BUG: a refresh token is not an access token
			return
		}
		guarded.ServeHTTP(w, r)
	})
}
