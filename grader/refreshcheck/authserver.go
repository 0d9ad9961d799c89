package refreshcheck

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	"authlab/grader/probe"
)

// refusal is how the grader's resource refuses a request.
type refusal int

const (
	refuseStale   refusal = iota // 401 invalid_token unless the access token is current
	refuseAlways                 // 401 invalid_token whatever the token
	refuseScope                  // 403 insufficient_scope whatever the token
	refuseNoError                // 401 with a challenge that names no error
)

// authServer is the grader's own server for the client checks: a
// resource at /api and a token endpoint at /token that rotates refresh
// tokens, counting what the client under test sends.
type authServer struct {
	srv     *httptest.Server
	refusal refusal

	mu             sync.Mutex
	access         string
	refresh        string
	tokenCalls     int
	badTokenCalls  int // refresh requests that were not a well-formed refresh_token grant
	resourceCalls  int
	resourceBodies []string
	resourceAuth   []string
}

// startAuthServer starts the grader's server with a current pair of tokens.
func startAuthServer(r refusal) *authServer {
	a := &authServer{refusal: r, access: "at-" + probe.Random(24), refresh: "rt-" + probe.Random(24)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api", a.resource)
	mux.HandleFunc("/token", a.token)
	a.srv = httptest.NewServer(mux)
	return a
}

func (a *authServer) close() { a.srv.Close() }

// tokenURL is the token endpoint's URL.
func (a *authServer) tokenURL() string { return a.srv.URL + "/token" }

func (a *authServer) resource(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	a.mu.Lock()
	a.resourceCalls++
	a.resourceBodies = append(a.resourceBodies, string(body))
	a.resourceAuth = append(a.resourceAuth, r.Header.Get("Authorization"))
	current := r.Header.Get("Authorization") == "Bearer "+a.access
	a.mu.Unlock()
	switch {
	case a.refusal == refuseScope:
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="Admin.Write"`)
		http.Error(w, "Forbidden", http.StatusForbidden)
	case a.refusal == refuseNoError:
		w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	case a.refusal == refuseAlways || !current:
		w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	default:
		io.WriteString(w, "ok")
	}
}

// token rotates: the current refresh token gets a new pair, any other 400
// invalid_grant.
func (a *authServer) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	ok := r.Method == http.MethodPost && r.ParseForm() == nil && r.PostForm.Get("grant_type") == "refresh_token"
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tokenCalls++
	if !ok {
		a.badTokenCalls++
	}
	if !ok || r.PostForm.Get("refresh_token") != a.refresh {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant"}`)
		return
	}
	a.access, a.refresh = "at-"+probe.Random(24), "rt-"+probe.Random(24)
	json.NewEncoder(w).Encode(map[string]any{"access_token": a.access, "token_type": "Bearer", "expires_in": 60, "refresh_token": a.refresh})
}

// counts returns how often the token endpoint and the resource were
// called, and the tokens now current.
func (a *authServer) counts() (tokenCalls, badTokenCalls, resourceCalls int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.tokenCalls, a.badTokenCalls, a.resourceCalls
}

// seen returns the bodies and Authorization headers the resource got.
func (a *authServer) seen() (bodies, auth []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.resourceBodies...), append([]string(nil), a.resourceAuth...)
}

// currentAccess returns the access token the resource accepts now.
func (a *authServer) currentAccess() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.access
}
