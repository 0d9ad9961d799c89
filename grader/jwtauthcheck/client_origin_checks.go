package jwtauthcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// The client's duties beyond the happy path: credentials go only to the
// server it was given, and a deadline ends every wait.

// origin is a loopback server that records every request it receives.
type origin struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []seenRequest
}

// seenRequest is one request an origin received, whole.
type seenRequest struct {
	method, target, body string
	header               http.Header
}

// holds reports whether r carries s anywhere: its URL, a header, its body.
func (r seenRequest) holds(s string) bool {
	if strings.Contains(r.target, s) || strings.Contains(r.body, s) {
		return true
	}
	for _, vs := range r.header {
		for _, v := range vs {
			if strings.Contains(v, s) {
				return true
			}
		}
	}
	return false
}

// newOrigin serves answer on 127.0.0.1, recording each request first.
func newOrigin(answer http.HandlerFunc) *origin {
	o := &origin{}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		r.Body = io.NopCloser(bytes.NewReader(body))
		o.mu.Lock()
		o.seen = append(o.seen, seenRequest{method: r.Method, target: r.URL.String(), body: string(body), header: r.Header.Clone()})
		o.mu.Unlock()
		answer(w, r)
	}))
	return o
}

// carrying returns the first request the origin received that holds s.
func (o *origin) carrying(s string) (seenRequest, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.seen {
		if r.holds(s) {
			return r, true
		}
	}
	return seenRequest{}, false
}

// received returns how many requests the origin received.
func (o *origin) received() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.seen)
}

func clientOriginChecks(t Target) []grader.Check {
	return []grader.Check{loginRedirectCheck(t), tokenRedirectCheck(t), clientDeadlineCheck(t)}
}

func loginRedirectCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-login-no-redirect", Name: "Login never posts the password to another origin",
		Sends:  "Login(ctx, <server A>, user, password) where A's POST /login answers 307, then 308, pointing at server B, another origin that would answer a token",
		Expect: "an error each time, and no request to B carrying the password",
		Hint: "Send the login with an http.Client whose CheckRedirect returns http.ErrUseLastResponse: a 307 or 308 makes " +
			"http.DefaultClient post the same body, password and all, to wherever Location points. Credentials go only to the server you were given.",
		Run: func(ctx context.Context) error {
			user, password, otherToken := "user-"+probe.Random(6), probe.Random(12), probe.Random(32)
			other := newOrigin(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				json.NewEncoder(w).Encode(map[string]any{"access_token": otherToken, "token_type": "Bearer", "expires_in": 900})
			})
			defer other.srv.Close()
			for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
				given := newOrigin(func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, other.srv.URL+"/login", code) })
				tok, err := t.Login(ctx, given.srv.URL, user, password)
				given.srv.Close()
				sent := phraseLoginRedirected.Say(map[string]any{"Status": fmt.Sprintf("%d %s", code, http.StatusText(code))})
				if r, leaked := other.carrying(password); leaked {
					return grader.Fail(sent, phraseNoPasswordToB.Say(nil),
						phraseBGotPassword.Say(map[string]any{"Method": r.method, "Target": r.target}))
				}
				if _, asked := given.carrying(password); !asked {
					return grader.Fail(sent, phrasePostToA.Say(nil), phraseANoPassword.Say(nil))
				}
				if err == nil {
					got := phraseNoErrorToken.Say(map[string]any{"Token": strconv.Quote(excerpt(tok, 20))})
					if tok == otherToken {
						got = phraseNoErrorBToken.Say(nil)
					}
					return grader.Fail(sent, phraseErrorRedirect.Say(nil), got)
				}
			}
			return nil
		},
	}
}

func tokenRedirectCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-token-same-origin", Name: "CallTool never sends the token to another origin",
		Sends:  "CallTool(ctx, <server A>/mcp, token, \"list_products\") where A answers every request 307 pointing at server B/mcp, another origin",
		Expect: "Authorization: Bearer <token> on the request to A, and no request to B carrying the token",
		Hint: "Add the token only to requests for the endpoint's own origin (scheme and host): in the RoundTripper, compare " +
			"req.URL.Scheme and req.URL.Host with the endpoint's. An http.Client follows a 307 with the same RoundTripper, so a " +
			"transport that adds the token to every request hands it to whatever server the redirect names.",
		Run: func(ctx context.Context) error {
			token := probe.Random(32)
			other := newOrigin(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="b"`)
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
			})
			defer other.srv.Close()
			given := newOrigin(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.srv.URL+"/mcp", http.StatusTemporaryRedirect)
			})
			defer given.srv.Close()
			_, _ = t.CallTool(ctx, given.srv.URL+"/mcp", token, catalog.ToolListProducts)
			sent := phraseCallToolRedirected.Say(nil)
			if r, leaked := other.carrying(token); leaked {
				return grader.Fail(sent, phraseNoTokenToB.Say(nil),
					phraseBGotToken.Say(map[string]any{"Method": r.method, "Target": r.target}))
			}
			if _, asked := given.carrying("Bearer " + token); !asked {
				got := phraseANoRequest.Say(nil)
				if n := given.received(); n > 0 {
					got = phraseANoToken.Say(map[string]any{"N": n})
				}
				return grader.Fail(sent, phraseTokenToA.Say(nil), got)
			}
			return nil
		},
	}
}

// clientWait is how long after its deadline a client call may take to
// return.
const clientWait = 2 * time.Second

// deadlines are the deadlines client-deadline gives a call, the next one
// only when the call sent nothing before the last one passed.
var deadlines = []time.Duration{100 * time.Millisecond, time.Second}

func clientDeadlineCheck(t Target) grader.Check {
	deadline := deadlines[0]
	return grader.Check{
		ID: "client-deadline", Name: "Login and CallTool give up at their context's deadline",
		Sends: fmt.Sprintf("Login, then CallTool, each with a context that ends after %s, against a server that never answers "+
			"(CallTool's MCP notifications are answered, its requests are not)", deadline),
		Expect: "each sends its request, then returns an error soon after the deadline",
		Hint: "Build every request with http.NewRequestWithContext(ctx, ...) and pass ctx to client.Connect and session.CallTool: " +
			"a request made with http.NewRequest or context.Background() waits forever for a server that never answers.",
		Run: func(ctx context.Context) error {
			release := make(chan struct{})
			var servers []*origin
			defer func() {
				close(release) // first, or Close would wait for the hung handlers
				for _, s := range servers {
					s.srv.Close()
				}
			}()
			hang := func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}
			calls := []struct {
				name   string
				answer http.HandlerFunc
				call   func(ctx context.Context, url string) error
			}{
				{"Login", hang, func(ctx context.Context, url string) error {
					_, err := t.Login(ctx, url, "user-"+probe.Random(6), probe.Random(12))
					return err
				}},
				{"CallTool", hangRequests(hang), func(ctx context.Context, url string) error {
					_, err := t.CallTool(ctx, url+"/mcp", probe.Random(32), catalog.ToolListProducts)
					return err
				}},
			}
			for _, c := range calls {
				// A loaded machine may spend the whole deadline before the
				// first byte leaves: then the call is tried again with a
				// longer one, so a correct client is never failed for it.
				for i, d := range deadlines {
					server := newOrigin(c.answer)
					servers = append(servers, server)
					callCtx, cancel := context.WithTimeout(ctx, d)
					done := make(chan error, 1)
					go func() { done <- c.call(callCtx, server.srv.URL) }()
					sent := phraseDeadlineSent.Say(map[string]any{"Call": c.name, "Deadline": d})
					var err error
					select {
					case err = <-done:
					case <-time.After(d + clientWait):
						cancel()
						return grader.Fail(sent, phraseErrorSoonAfter.Say(nil), phraseNotReturned.Say(map[string]any{"Call": c.name, "Wait": clientWait}))
					}
					cancel()
					switch {
					case server.received() == 0 && callCtx.Err() != nil && i < len(deadlines)-1:
						continue
					case server.received() == 0:
						return grader.Fail(sent, phraseRequestThenError.Say(nil), phraseReturnedNothing.Say(map[string]any{"Call": c.name, "Err": err}))
					case err == nil:
						return grader.Fail(sent, phraseErrorAtDeadline.Say(nil), phraseNoErrorNeverAnswered.Say(nil))
					}
					break
				}
			}
			return nil
		},
	}
}

// hangRequests answers MCP notifications at once (202) and other methods
// 405, and leaves JSON-RPC requests, which carry an id, to hang: the go-sdk
// sends its cancellation notice with a deadline of its own, which a client
// cannot shorten.
func hangRequests(hang http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var msg struct {
			ID json.RawMessage `json:"id"`
		}
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Method != http.MethodPost:
			w.WriteHeader(http.StatusMethodNotAllowed)
		case json.Unmarshal(body, &msg) == nil && msg.ID == nil:
			w.WriteHeader(http.StatusAccepted)
		default:
			hang(w, r)
		}
	}
}
