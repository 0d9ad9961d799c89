package probe

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Connect opens an MCP session on the protected endpoint with a real go-sdk
// client whose every request carries header (nil: no extra header). The
// returned Recorder shows what the HTTP layer saw; after a 4xx the go-sdk
// client reports only text, so checks read statuses from the Recorder.
func (l *Lab) Connect(ctx context.Context, header http.Header) (*mcp.ClientSession, *Recorder, error) {
	rec := &Recorder{header: header}
	cs, err := connect(ctx, l.URL, &http.Client{Transport: rec})
	return cs, rec, err
}

// DirectSession opens a session that bypasses the code under test and returns
// its id. Requests on the protected endpoint may then name that session, so
// a check can prove a forbidden tools/call really never reached the tool.
func (l *Lab) DirectSession(ctx context.Context) (id string, closeFn func(), err error) {
	cs, err := connect(ctx, l.directURL(), http.DefaultClient)
	if err != nil {
		return "", nil, fmt.Errorf("opening a session directly on the catalog: %w", err)
	}
	return cs.ID(), func() { cs.Close() }, nil
}

// ConnectWith opens an MCP session on url with the given HTTP client.
func connect(ctx context.Context, url string, hc *http.Client) (*mcp.ClientSession, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-grader", Version: "1.0.0"}, nil)
	return client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:             url,
		HTTPClient:           hc,
		MaxRetries:           -1,
		DisableStandaloneSSE: true,
	}, &mcp.ClientSessionOptions{ProtocolVersion: ProtocolVersion})
}

// Recorder is an http.RoundTripper that adds fixed headers to every request
// and records each status code and WWW-Authenticate header that came back.
type Recorder struct {
	header http.Header

	mu   sync.Mutex
	seen []Exchange
}

// RoundTrip implements http.RoundTripper.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, v := range r.header {
		req.Header[k] = v
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.seen = append(r.seen, Exchange{Status: resp.StatusCode, WWWAuthenticate: resp.Header.Get("WWW-Authenticate")})
	r.mu.Unlock()
	return resp, nil
}

// Last returns the most recent exchange, or nil when nothing was sent.
func (r *Recorder) Last() *Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) == 0 {
		return nil
	}
	e := r.seen[len(r.seen)-1]
	return &e
}

// Statuses lists every status code seen, for a transcript.
func (r *Recorder) Statuses() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	parts := make([]string, len(r.seen))
	for i, e := range r.seen {
		parts[i] = fmt.Sprint(e.Status)
	}
	return strings.Join(parts, ", ")
}

// ToolText joins the text content of a tool result.
func ToolText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, "\n")
}
