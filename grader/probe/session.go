package probe

import (
	"authlab/grader"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"authlab/internal/catalog"

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

// Recorder is an http.RoundTripper that adds headers to every request and
// records each status code and WWW-Authenticate header that came back.
type Recorder struct {
	mu     sync.Mutex
	header http.Header
	seen   []Exchange
}

// SetHeader replaces the headers added from the next request on, as when a
// client swaps its token in the middle of a session.
func (r *Recorder) SetHeader(h http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.header = h
}

// RoundTrip implements http.RoundTripper.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	r.mu.Lock()
	for k, v := range r.header {
		req.Header[k] = v
	}
	r.mu.Unlock()
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

// The texts of a session that does not work, which every stage's
// session checks say.
var (
	PhraseInitializeWith = grader.NewPhraseForm("session.initialize-with", "initialize with {{.Credential}}")
	PhraseInitialized    = grader.NewPhraseForm("session.initialized", "200 and an initialized session")
	PhraseListWith       = grader.NewPhraseForm("session.list-with", "tools/list with {{.Credential}}")
	PhraseCatalogTools   = grader.NewPhraseForm("session.catalog-tools", "the catalog's tools")
	phraseCallListWith   = grader.NewPhraseForm("session.call-list-with", "tools/call list_products with {{.Credential}}")
	phraseRealListResult = grader.NewPhraseForm("session.real-list-result", "the result of the real list_products tool")
	PhraseTheTools       = grader.NewPhraseForm("session.the-tools", "the tools {{.Tools}}")
	PhraseToolResult     = grader.NewPhraseForm("session.tool-result", "the tool's result")
	PhraseNotFromCatalog = grader.NewPhraseForm("session.not-from-catalog", "a result the catalog did not produce: {{.Text}}")
)

// ExpectWorkingSession drives a real go-sdk client whose every request
// carries header through the code under test: initialize, tools/list (which
// must list the whole catalog) and tools/call list_products (which must
// really run). credential describes the header to the learner. It returns
// nil or a *grader.Failure.
func (l *Lab) ExpectWorkingSession(ctx context.Context, header http.Header, credential grader.Phrase) error {
	cs, rec, err := l.Connect(ctx, header)
	if err != nil {
		got := grader.Literal(err.Error())
		if last := rec.Last(); last != nil {
			got = last.DescribePhrase()
		}
		return l.FailSay(PhraseInitializeWith.Say(map[string]any{"Credential": credential}), PhraseInitialized.Say(nil), got)
	}
	defer cs.Close()

	sent := PhraseListWith.Say(map[string]any{"Credential": credential})
	list, err := cs.ListTools(ctx, nil)
	if err != nil {
		return l.FailSay(sent, PhraseCatalogTools.Say(nil), describeErr(rec, err))
	}
	var names []string
	for _, tool := range list.Tools {
		names = append(names, tool.Name)
	}
	if want := strings.Join(catalog.ToolNames, ", "); !SameSet(names, catalog.ToolNames) {
		return l.FailSay(sent, PhraseTheTools.Say(map[string]any{"Tools": want}), PhraseTheTools.Say(map[string]any{"Tools": strings.Join(names, ", ")}))
	}

	sent = phraseCallListWith.Say(map[string]any{"Credential": credential})
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: catalog.ToolListProducts})
	if err != nil {
		return l.FailSay(sent, PhraseToolResult.Say(nil), describeErr(rec, err))
	}
	if !strings.Contains(ToolText(res), l.Catalog.Marker()) || !l.Catalog.Ran(catalog.ToolListProducts) {
		return l.FailSay(sent, phraseRealListResult.Say(nil), PhraseNotFromCatalog.Say(map[string]any{"Text": ToolText(res)}))
	}
	return nil
}

// describeErr prefers the HTTP status the recorder saw over the go-sdk
// client's text, which says only "Unauthorized".
func describeErr(rec *Recorder, err error) grader.Phrase {
	if last := rec.Last(); last != nil && last.Status >= 400 {
		return last.DescribePhrase()
	}
	return grader.Literal(err.Error())
}

// SameSet reports whether a and b hold the same strings, in any order.
func SameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
