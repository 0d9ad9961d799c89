package oauthcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"authlab/grader/probe"
	"authlab/internal/authserver"
	"authlab/internal/catalog"
	"authlab/internal/oauthconfig"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// lab is one run of the learner's server beside an authorization server
// and an inventory API that records who calls it, all on 127.0.0.1 with
// random ports, scope, keys and markers.
type lab struct {
	cfg       oauthconfig.Config
	as        *authserver.Server
	catalog   *catalog.Catalog
	inventory *inventory
	server    *httptest.Server
	reached   atomic.Int64 // MCP requests that got past the code under test
	stockMark string       // what the inventory answers, so a tool result proves it called
}

// otherScope is a scope the authorization server grants besides the
// server's own: a token with only it is valid but not enough.
const otherScope = "profile"

// startLab starts the authorization server, signing with ES256, the
// inventory and the learner's server. The caller closes the lab.
func startLab(ctx context.Context, t Target) (*lab, error) {
	return startLabWith(ctx, t, authserver.ES256)
}

// inLab is a check's Run that starts a lab for t, runs run in it and
// closes it.
func inLab(t Target, run func(ctx context.Context, l *lab) error) func(context.Context) error {
	return func(ctx context.Context) error {
		l, err := startLab(ctx, t)
		if err != nil {
			return err
		}
		defer l.Close()
		return run(ctx, l)
	}
}

// startLabWith is startLab with the authorization server signing with alg.
func startLabWith(ctx context.Context, t Target, alg authserver.Algorithm) (*lab, error) {
	quietAuthServer()
	l := &lab{catalog: catalog.New("mk-" + probe.Random(12)), stockMark: "stock-" + probe.Random(9)}
	l.server = httptest.NewUnstartedServer(http.NotFoundHandler())
	l.server.Config.ErrorLog = log.New(io.Discard, "", 0)
	resource := "http://" + l.server.Listener.Addr().String() + "/mcp"
	scope := "catalog:" + probe.Random(6)
	as, err := authserver.Start(ctx, authserver.WithResource(resource), authserver.WithScopes(scope, otherScope), authserver.WithAlgorithm(alg), authserver.WithSubject("learner-"+probe.Random(6)))
	if err != nil {
		l.server.Close()
		return nil, err
	}
	l.as = as
	l.inventory = &inventory{stock: l.stockMark}
	inv := httptest.NewServer(l.inventory)
	l.inventory.server = inv
	l.cfg = oauthconfig.Config{
		Resource:     resource,
		Issuer:       as.Issuer(),
		Scope:        scope,
		InventoryURL: inv.URL,
		InventoryKey: "inv-" + probe.Random(18),
	}
	srv := l.catalog.NewServer()
	srv.AddReceivingMiddleware(func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			l.reached.Add(1)
			return next(ctx, method, req)
		}
	})
	h, err := t.NewServer(l.cfg, srv)
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("NewServer returned an error for a valid configuration: %w", err)
	}
	if h == nil {
		l.Close()
		return nil, fmt.Errorf("NewServer returned a nil http.Handler")
	}
	l.server.Config.Handler = h
	l.server.Start()
	return l, nil
}

// Close stops every server of the lab.
func (l *lab) Close() {
	l.server.Close()
	if l.as != nil {
		l.as.Close()
	}
	if l.inventory != nil && l.inventory.server != nil {
		l.inventory.server.Close()
	}
}

// baseURL is the learner's server's root, without a trailing slash.
func (l *lab) baseURL() string { return l.server.URL }

// initialize is the body of an MCP initialize request.
var initialize = map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
	"protocolVersion": probe.ProtocolVersion,
	"capabilities":    map[string]any{},
	"clientInfo":      map[string]any{"name": "authlab-grader", "version": "1.0.0"},
}}

// send posts an MCP initialize to the MCP endpoint with the given bearer
// token ("" sends no Authorization header).
func (l *lab) send(ctx context.Context, token string) (*probe.Exchange, error) {
	return l.sendTo(ctx, l.cfg.Resource, token)
}

// sendTo is send to target, the MCP URL with a query added.
func (l *lab) sendTo(ctx context.Context, target, token string) (*probe.Exchange, error) {
	body, _ := json.Marshal(initialize)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return get(req)
}

// get sends req and reads the answer into an Exchange.
func get(req *http.Request) (*probe.Exchange, error) {
	resp, err := noRedirects.Do(req)
	if err != nil {
		return nil, fmt.Errorf("no HTTP answer from %s: %w", req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8192))
	return &probe.Exchange{Status: resp.StatusCode, WWWAuthenticate: resp.Header.Get("WWW-Authenticate"), Header: resp.Header, Body: string(body)}, nil
}

// noRedirects is the grader's client: a redirect is an answer to judge.
var noRedirects = &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// connect opens an MCP session on the MCP endpoint with a go-sdk client
// whose every request carries the bearer token.
func (l *lab) connect(ctx context.Context, token string) (*mcp.ClientSession, *probe.Recorder, error) {
	rec := &probe.Recorder{}
	rec.SetHeader(http.Header{"Authorization": {"Bearer " + token}})
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-grader", Version: "1.0.0"}, nil)
	cs, err := client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:             l.cfg.Resource,
		HTTPClient:           &http.Client{Transport: rec},
		MaxRetries:           -1,
		DisableStandaloneSSE: true,
	}, &mcp.ClientSessionOptions{ProtocolVersion: probe.ProtocolVersion})
	return cs, rec, err
}

// inventory is the downstream API: it answers every request with its stock
// marker and records the requests' Authorization headers and URLs.
type inventory struct {
	stock  string
	server *httptest.Server

	mu   sync.Mutex
	seen []inventoryRequest
}

// inventoryRequest is what the inventory saw of one request.
type inventoryRequest struct {
	Authorization string
	Dump          string // the whole request: line, headers and body
}

func (v *inventory) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	var dump bytes.Buffer
	fmt.Fprintf(&dump, "%s %s\n", r.Method, r.URL.RequestURI())
	_ = r.Header.Write(&dump)
	dump.Write(body)
	v.mu.Lock()
	v.seen = append(v.seen, inventoryRequest{Authorization: r.Header.Get("Authorization"), Dump: dump.String()})
	v.mu.Unlock()
	fmt.Fprintf(w, `{"in_stock": 7, "ref": %q}`, v.stock)
}

// requests returns what the inventory saw, oldest first.
func (v *inventory) requests() []inventoryRequest {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]inventoryRequest(nil), v.seen...)
}
