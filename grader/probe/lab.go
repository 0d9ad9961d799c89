// Package probe runs the demo catalog behind the code under test and talks
// to it the way a real MCP client would, recording every HTTP exchange so a
// check can say exactly what was sent and what came back.
package probe

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"authlab/internal/catalog"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Random returns a URL-safe random string carrying n bytes of entropy from
// crypto/rand. Secrets, markers and user names in checks come from it, so no
// answer can be hard-coded.
func Random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// Lab is the demo catalog served behind the code under test on 127.0.0.1.
type Lab struct {
	Catalog *catalog.Catalog
	// URL is the MCP endpoint behind the code under test.
	URL string
	// BaseURL is the server's root, without a trailing slash.
	BaseURL string

	inner     http.Handler
	reached   atomic.Int64
	tags      atomic.Int64
	server    *httptest.Server
	direct    *httptest.Server
	serverLog syncBuffer

	doMu sync.Mutex // keeps Do's requests from overlapping

	mu         sync.Mutex
	requests   []Request
	identities []Identity
	mcpPanic   string // the first panic recovered in the MCP server
}

// Identity is what a tools/call handler learned of its caller from the HTTP
// layer (go-sdk's req.Extra.TokenInfo).
type Identity struct {
	Tool   string
	Known  bool // whether any TokenInfo reached the handler
	UserID string
	Scopes []string
	// Caller is the grader's CallerHeader of the HTTP request, so that
	// concurrent callers can each find what their own calls were told.
	Caller string
	// Context says the identity was read from the HTTP request's context
	// as it reached the MCP handler (WithRequestIdentity), not from a tool
	// call's TokenInfo.
	Context bool
}

// CallerHeader names the grader's own tag of a caller, on requests whose
// tool calls must be told apart.
const CallerHeader = "X-Authlab-Caller"

// Request is one HTTP request as it arrived at the lab, before the code under
// test saw it, and what the code under test did with the answer's headers.
type Request struct {
	Method        string
	Path          string
	RPCMethod     string // the JSON-RPC method of a POST body, if any
	Authorization string
	HasAuth       bool   // whether the Authorization header was present at all
	Tag           string // the grader's RequestTagHeader, if it sent one
	// LateHeaders names the headers the code under test set after the
	// status was written: net/http never sends those.
	LateHeaders []string
	served      bool // the code under test has returned
}

// RequestTagHeader carries the grader's own id of a request it sends, so
// that what the server did with it can be found again.
const RequestTagHeader = "X-Authlab-Request"

// Option changes how Start builds the lab.
type Option func(*options)

type options struct {
	server   []func(*mcp.Server)
	identity func(*http.Request) (userID string, scopes []string, ok bool)
}

// WithRequestIdentity makes the lab read, from every request that gets
// through to the MCP handler, the identity the code under test handed on
// in the request's context (stage 2's ClaimsFrom), and record it among the
// Identities, marked as coming from the context.
func WithRequestIdentity(read func(*http.Request) (userID string, scopes []string, ok bool)) Option {
	return func(o *options) { o.identity = read }
}

// WithServer lets setup change the catalog's MCP server before it serves:
// add a tool, or install the learner's receiving middleware.
func WithServer(setup func(*mcp.Server)) Option {
	return func(o *options) { o.server = append(o.server, setup) }
}

// Start serves the catalog behind protect, which wraps the MCP handler the
// way the learner's middleware does. An error from protect is returned as is.
func Start(protect func(next http.Handler) (http.Handler, error), opts ...Option) (*Lab, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	l := &Lab{Catalog: catalog.New("mk-" + Random(12))}
	srv := l.Catalog.NewServer()
	srv.AddReceivingMiddleware(l.recordIdentity)
	for _, setup := range o.server {
		setup(srv)
	}
	// Added last, so it runs first and sees a panic in any middleware the
	// setups installed.
	srv.AddReceivingMiddleware(l.recoverPanics)
	l.inner = mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv },
		&mcp.StreamableHTTPOptions{JSONResponse: true})
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.reached.Add(1)
		if o.identity != nil {
			id := Identity{Context: true, Caller: r.Header.Get(CallerHeader)}
			id.UserID, id.Scopes, id.Known = o.identity(r)
			l.mu.Lock()
			l.identities = append(l.identities, id)
			l.mu.Unlock()
		}
		l.inner.ServeHTTP(w, r)
	})
	protected, err := protect(counted)
	if err != nil {
		return nil, err
	}
	if protected == nil {
		return nil, fmt.Errorf("the middleware returned a nil http.Handler")
	}
	l.server = httptest.NewUnstartedServer(l.record(protected))
	l.server.Config.ErrorLog = log.New(&l.serverLog, "", 0)
	l.server.Start()
	l.BaseURL = l.server.URL
	l.URL = l.server.URL + "/mcp"
	return l, nil
}

// Close stops the lab's servers.
func (l *Lab) Close() {
	l.server.Close()
	if l.direct != nil {
		l.direct.Close()
	}
}

// Reached returns how many requests got past the code under test to the MCP
// handler.
func (l *Lab) Reached() int64 { return l.reached.Load() }

// Requests returns the requests that arrived so far, oldest first.
func (l *Lab) Requests() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Request(nil), l.requests...)
}

// Identities returns, oldest first, what each tools/call that reached the
// catalog knew of its caller, and, with WithRequestIdentity, what each
// request that got through carried in its context.
func (l *Lab) Identities() []Identity {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Identity(nil), l.identities...)
}

// recordIdentity notes the TokenInfo every tools/call carries.
func (l *Lab) recordIdentity(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if call, ok := req.(*mcp.CallToolRequest); ok {
			id := Identity{Tool: call.Params.Name}
			if extra := call.Extra; extra != nil {
				if extra.TokenInfo != nil {
					id.Known, id.UserID, id.Scopes = true, extra.TokenInfo.UserID, extra.TokenInfo.Scopes
				}
				if extra.Header != nil {
					id.Caller = extra.Header.Get(CallerHeader)
				}
			}
			l.mu.Lock()
			l.identities = append(l.identities, id)
			l.mu.Unlock()
		}
		return next(ctx, method, req)
	}
}

// recoverPanics turns a panic while the MCP server handles a request into a
// JSON-RPC error, and notes it for Fail and the server log. The go-sdk runs
// requests on goroutines of its own and recovers nothing, so without this a
// nil dereference in the learner's receiving middleware would crash the
// whole grader instead of failing a check.
func (l *Lab) recoverPanics(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
		defer func() {
			if p := recover(); p != nil {
				msg := fmt.Sprint(p)
				l.mu.Lock()
				if l.mcpPanic == "" {
					l.mcpPanic = msg
				}
				l.mu.Unlock()
				fmt.Fprintf(&l.serverLog, "mcp: panic handling %s: %s\n%s\n", method, msg, debug.Stack())
				res, err = nil, fmt.Errorf("the server panicked handling %s: %s", method, msg)
			}
		}()
		return next(ctx, method, req)
	}
}

// MCPPanic returns the message of the first panic recovered while the MCP
// server handled a request, or "" when there was none.
func (l *Lab) MCPPanic() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.mcpPanic
}

// ServerLog returns what net/http logged while serving, such as a panic in a
// handler.
func (l *Lab) ServerLog() string { return l.serverLog.String() }

func (l *Lab) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := Request{Method: r.Method, Path: r.URL.Path, Tag: r.Header.Get(RequestTagHeader)}
		req.Authorization = r.Header.Get("Authorization")
		_, req.HasAuth = r.Header["Authorization"]
		if r.Body != nil && r.Method == http.MethodPost {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			r.Body = io.NopCloser(bytes.NewReader(body))
			req.RPCMethod = rpcMethod(body)
		}
		l.mu.Lock()
		i := len(l.requests)
		l.requests = append(l.requests, req)
		l.mu.Unlock()
		ww := &watchWriter{ResponseWriter: w}
		defer func() {
			l.mu.Lock()
			l.requests[i].LateHeaders, l.requests[i].served = ww.late(), true
			l.mu.Unlock()
		}()
		next.ServeHTTP(ww, r)
	})
}

// LateHeaders returns the headers the server set too late while answering
// the request tagged tag (Exchange.Tag). A client can read an answer before
// the handler has returned, so it waits a moment for that.
func (l *Lab) LateHeaders(tag string) []string {
	if tag == "" {
		return nil
	}
	for deadline := time.Now().Add(200 * time.Millisecond); ; time.Sleep(time.Millisecond) {
		l.mu.Lock()
		for _, r := range l.requests {
			if r.Tag == tag && (r.served || time.Now().After(deadline)) {
				l.mu.Unlock()
				return r.LateHeaders
			}
		}
		l.mu.Unlock()
		if time.Now().After(deadline) {
			return nil
		}
	}
}

// directURL serves the MCP handler with no protection at all, sharing its
// sessions with the protected endpoint. Checks use it to open a session
// without depending on the code under test.
func (l *Lab) directURL() string {
	if l.direct == nil {
		l.direct = httptest.NewServer(l.inner)
	}
	return l.direct.URL + "/mcp"
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimSpace(b.buf.String())
}
