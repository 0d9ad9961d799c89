package jwtauthcheck

// Login mutants: copies of the solution's login handler, password check and
// token issuing, each with one mistake marked `// BUG`.

import (
	"encoding/json"
	"log"
	"net/http"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/users"
	"authlab/solutions/jwtauth"

	"github.com/golang-jwt/jwt/v5"
)

// loggedInChecks are the checks that need a login with the right password
// to succeed.
var loggedInChecks = []string{"login-issues-token", "login-extra-fields-ignored", "login-answer-holds-no-secret", "login-expires-in"}

func loginMutants() []mutant {
	return []mutant{
		{Name: "no Cache-Control: no-store", Target: withLogin(noCacheControl), MustFail: []string{"login-no-store"}},
		{Name: "the token in a cookie scripts can read", Target: withLogin(tokenInLooseCookie), MustFail: []string{"login-answer-holds-no-secret"}},
		{Name: "no Pragma: no-cache", Target: withLogin(noPragma), MustFail: []string{"login-no-store"}},
		{Name: "no-store on success only", Target: withLogin(noStoreOnSuccessOnly), MustFail: []string{"login-no-store"}},
		{Name: "failed login answered 401 without a challenge", Target: withLogin(refusalWith(func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized) // BUG: 400, as RFC 6749 §5.2 says
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
		})), MustFail: []string{"login-wrong-password-invalid-grant"}},
		{Name: "failed login answered in plain text", Target: withLogin(refusalWith(func(w http.ResponseWriter) {
			http.Error(w, "invalid user name or password", http.StatusBadRequest) // BUG: no JSON error code
		})), MustFail: []string{"login-wrong-password-invalid-grant"}},
		// The client reads 200 as a success; the unknown user's answer is
		// no refusal either.
		{Name: "failed login answered 200", Target: withLogin(refusalWith(func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"}) // BUG: the status is 200
		})), MustFail: []string{"login-wrong-password-invalid-grant", "login-unknown-user-alike"}},
		{Name: "malformed login answered in plain text", Target: withLogin(malformedPlain), MustFail: []string{"login-malformed-invalid-request"}},
		{Name: "a missing password taken for a wrong one", Target: withLogin(missingFieldsAllowed), MustFail: []string{"login-malformed-invalid-request"}},
		{Name: "405 without Allow", Target: withLoginRoute("/login", methodCheckedByHand), MustFail: []string{"login-get-refused"}},
		{Name: "unknown user answered 404", Target: withLogin(unknownUser404), MustFail: []string{"login-unknown-user-alike"}},
		{Name: "unknown user gets another message", Target: withLogin(unknownUserOtherMessage), MustFail: []string{"login-unknown-user-alike"}},
		{Name: "unknown user refused before hashing", Target: withAuthenticate(refusedBeforeHashing), MustFail: []string{"login-unknown-user-alike"}},
		{Name: "unknown user checked against an empty hash", Target: withAuthenticate(emptyHashForUnknown), MustFail: []string{"login-unknown-user-alike"}},
		// A wrong password now logs in (200) while an unknown user is still
		// refused (400): the two answers differ too.
		{Name: "VerifyPassword's bool ignored", Target: withAuthenticate(ignoresVerdict), MustFail: []string{"login-wrong-password-invalid-grant", "login-unknown-user-alike"}},
		{Name: "the password compared with the hash", Target: withAuthenticate(comparesHash), MustFail: loggedInChecks},
		{Name: "err != nil for err == nil", Target: withAuthenticate(errInverted), MustFail: loggedInChecks},
		{Name: "login served on every method", Target: withLoginRoute("/login", good.login), MustFail: []string{"login-get-refused"}},
		{Name: "a GET login with the credentials in the URL", Target: withLoginRoute("/login", formLogin), MustFail: []string{"login-get-refused"}},
		{Name: "permissions taken from the login body", Target: withLogin(bodyPermissions), MustFail: []string{"login-extra-fields-ignored"}},
		{Name: "the login body becomes the claims", Target: withLogin(bodyClaims), MustFail: []string{"login-extra-fields-ignored"}},
		{Name: "the login answer echoes the request", Target: withLogin(echoesRequest), MustFail: []string{"login-answer-holds-no-secret"}},
		{Name: "expires_in in nanoseconds", Target: withLogin(expiresIn(func(cfg jwtconfig.Config) int {
			return int(cfg.TokenTTL) // BUG: a Duration counts nanoseconds
		})), MustFail: []string{"login-expires-in"}},
		{Name: "expires_in hard-coded", Target: withLogin(expiresIn(func(jwtconfig.Config) int {
			return 900 // BUG: the lesson's 15 minutes, not cfg.TokenTTL
		})), MustFail: []string{"login-expires-in"}},
		{Name: "the password logged on a failed login", Target: withLogin(logsFailedLogin), MustFail: []string{"logs-hold-no-credentials"}},
	}
}

// withLoginRoute is the solution with its login handler registered under
// pattern.
func withLoginRoute(pattern string, login func(cfg jwtconfig.Config) http.HandlerFunc) Target {
	return withServer(func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
		if err := checkConfig(cfg); err != nil {
			return nil, err
		}
		mux := http.NewServeMux()
		mux.HandleFunc(pattern, login(cfg)) // BUG: "POST /login"
		mux.Handle("/mcp", jwtauth.RequireToken(cfg, mcpHandler))
		return mux, nil
	})
}

// Models forgetting RFC 6749 §5.1: login answers may be cached.
func noCacheControl(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.headers = func(http.ResponseWriter) {} // BUG: no Cache-Control: no-store, nor Pragma: no-cache
	return l.handler(cfg)
}

// refusalWith is the solution's login handler with refuse answering a wrong
// user name or password.
func refusalWith(refuse func(w http.ResponseWriter)) func(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.refuse = func(w http.ResponseWriter, _ loginRequest) { refuse(w) }
	return l.handler
}

// Models the habit of http.Error for every refusal: a broken request gets
// a text, not the JSON error code a client can act on.
func malformedPlain(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.decode = func(w http.ResponseWriter, r *http.Request) (loginRequest, bool) {
		var req loginRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.Username == "" || req.Password == "" {
			http.Error(w, "send JSON", http.StatusBadRequest) // BUG: {"error": "invalid_request"}
			return req, false
		}
		return req, true
	}
	return l.handler(cfg)
}

// Models decoding without checking the fields: a request with no password
// is judged as a wrong password, invalid_grant, not invalid_request.
func missingFieldsAllowed(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.decode = func(w http.ResponseWriter, r *http.Request) (loginRequest, bool) {
		var req loginRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil { // BUG: empty fields go on
			refuseLogin(w, "invalid_request", "send JSON")
			return req, false
		}
		return req, true
	}
	return l.handler(cfg)
}

// Models checking the method by hand: the refusal is 405, but does not say
// which method the endpoint takes.
func methodCheckedByHand(cfg jwtconfig.Config) http.HandlerFunc {
	login := good.login(cfg)
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "use POST", http.StatusMethodNotAllowed) // BUG: no Allow: POST
			return
		}
		login(w, r)
	}
}

// Models RFC 6749 §5.1 read halfway: HTTP/1.0 caches ignore Cache-Control
// and read Pragma.
func noPragma(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.headers = func(w http.ResponseWriter) {
		w.Header().Set("Cache-Control", "no-store") // BUG: and Pragma: no-cache
	}
	return l.handler(cfg)
}

// Models setting no-store next to the token only: refusals may be cached.
func noStoreOnSuccessOnly(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, ok := decodeLogin(w, r)
		if !ok {
			return
		}
		user, ok := authenticate(cfg.Users, req.Username, req.Password)
		if !ok {
			refuseGrant(w)
			return
		}
		noStore(w) // BUG: set after the refusals were answered
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// Models a REST habit: an unknown user is "not found", which tells an
// attacker which user names exist.
func unknownUser404(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		req, ok := decodeLogin(w, r)
		if !ok {
			return
		}
		user, found := cfg.Users.Lookup(req.Username)
		if !found {
			users.VerifyPassword(users.DummyHash, req.Password)
			http.Error(w, "no such user", http.StatusNotFound) // BUG
			return
		}
		if ok, err := users.VerifyPassword(user.PasswordHash, req.Password); !ok || err != nil {
			refuseGrant(w)
			return
		}
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// Models a "helpful" message: same status and same work, but the body tells
// an unknown user from a wrong password.
func unknownUserOtherMessage(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		req, ok := decodeLogin(w, r)
		if !ok {
			return
		}
		user, found := cfg.Users.Lookup(req.Username)
		if !found {
			users.VerifyPassword(users.DummyHash, req.Password)
			refuseLogin(w, "invalid_grant", "no such user") // BUG: another body
			return
		}
		if ok, err := users.VerifyPassword(user.PasswordHash, req.Password); !ok || err != nil {
			refuseLogin(w, "invalid_grant", "wrong password")
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

// Models comparing the password with the stored hash as if they were the
// same kind of thing: the right password never matches.
func comparesHash(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	if !found {
		users.VerifyPassword(users.DummyHash, password)
		return users.User{}, false
	}
	return user, user.PasswordHash == password // BUG: users.VerifyPassword(user.PasswordHash, password)
}

// Models a one-character slip in the error check: the verification runs,
// and every login fails.
func errInverted(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	hash := users.DummyHash
	if found {
		hash = user.PasswordHash
	}
	ok, err := users.VerifyPassword(hash, password)
	return user, found && ok && err != nil // BUG: err == nil
}

// Models a login "for convenience" from the browser's address bar: the
// credentials are read from the URL as well as the body.
func formLogin(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.decode = func(w http.ResponseWriter, r *http.Request) (loginRequest, bool) {
		req := loginRequest{Username: r.FormValue("username"), Password: r.FormValue("password")} // BUG: the query string, on any method
		if req.Username == "" {
			return decodeLogin(w, r)
		}
		return req, true
	}
	return l.handler(cfg)
}

// Models letting a client ask for its permissions "when it knows which it
// needs".
func bodyPermissions(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		var req struct {
			Username    string   `json:"username"`
			Password    string   `json:"password"`
			Permissions []string `json:"permissions"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.Username == "" || req.Password == "" {
			refuseLogin(w, "invalid_request", "send JSON")
			return
		}
		user, ok := authenticate(cfg.Users, req.Username, req.Password)
		if !ok {
			refuseGrant(w)
			return
		}
		if len(req.Permissions) > 0 {
			user.Permissions = req.Permissions // BUG: the caller picks its own permissions
		}
		writeToken(w, cfg, user, jwtauth.IssueToken)
	}
}

// Models decoding the body into a map and signing what is left once the
// password is out: every other field the caller sent becomes a claim.
func bodyClaims(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		var body map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil {
			refuseLogin(w, "invalid_request", "send JSON")
			return
		}
		username, _ := body["username"].(string)
		password, _ := body["password"].(string)
		if username == "" || password == "" {
			refuseLogin(w, "invalid_request", "send a username and a password")
			return
		}
		user, ok := authenticate(cfg.Users, username, password)
		if !ok {
			refuseGrant(w)
			return
		}
		delete(body, "password")
		claims := jwt.MapClaims(body) // BUG: the caller's fields become claims
		now := time.Now()
		claims["sub"], claims["name"], claims["permissions"] = user.Username, user.Name, user.Permissions
		claims["iss"], claims["aud"] = cfg.Issuer, cfg.Audience
		claims["iat"], claims["exp"] = now.Unix(), now.Add(cfg.TokenTTL).Unix()
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
		if err != nil {
			http.Error(w, "could not issue a token", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: int(cfg.TokenTTL.Seconds())})
	}
}

// Models echoing the request in the answer, to help debug clients.
func echoesRequest(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		req, ok := decodeLogin(w, r)
		if !ok {
			return
		}
		user, ok := authenticate(cfg.Users, req.Username, req.Password)
		if !ok {
			refuseGrant(w)
			return
		}
		token, err := jwtauth.IssueToken(cfg, user, time.Now())
		if err != nil {
			http.Error(w, "could not issue a token", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(struct {
			tokenResponse
			Request loginRequest `json:"request"` // BUG: the password goes back out
		}{tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: int(cfg.TokenTTL.Seconds())}, req})
	}
}

// expiresIn is the solution's login handler with expires_in computed by
// seconds.
func expiresIn(seconds func(cfg jwtconfig.Config) int) func(cfg jwtconfig.Config) http.HandlerFunc {
	return func(cfg jwtconfig.Config) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			noStore(w)
			req, ok := decodeLogin(w, r)
			if !ok {
				return
			}
			user, ok := authenticate(cfg.Users, req.Username, req.Password)
			if !ok {
				refuseGrant(w)
				return
			}
			token, err := jwtauth.IssueToken(cfg, user, time.Now())
			if err != nil {
				http.Error(w, "could not issue a token", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: seconds(cfg)})
		}
	}
}

// Models logging failed logins in full, to help users who mistype.
func logsFailedLogin(cfg jwtconfig.Config) http.HandlerFunc {
	l := solutionLogin()
	l.refuse = func(w http.ResponseWriter, req loginRequest) {
		log.Printf("login failed for %s (password %q)", req.Username, req.Password) // BUG: a near miss is most of a password
		refuseGrant(w)
	}
	return l.handler(cfg)
}

// Models "let the browser keep it too": the token also goes in a cookie
// without HttpOnly or SameSite.
func tokenInLooseCookie(cfg jwtconfig.Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		req, ok := decodeLogin(w, r)
		if !ok {
			return
		}
		user, ok := authenticate(cfg.Users, req.Username, req.Password)
		if !ok {
			refuseGrant(w)
			return
		}
		token, err := jwtauth.IssueToken(cfg, user, time.Now())
		if err != nil {
			http.Error(w, "could not issue a token", http.StatusInternalServerError)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "access_token", Value: token, Path: "/"}) // BUG: neither HttpOnly nor SameSite
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(tokenResponse{AccessToken: token, TokenType: "Bearer", ExpiresIn: int(cfg.TokenTTL.Seconds())})
	}
}
