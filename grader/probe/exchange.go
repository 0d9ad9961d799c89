package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"authlab/grader"
)

// ProtocolVersion is the MCP protocol version the grader's clients speak. It
// is pinned so that connecting is a single initialize request.
const ProtocolVersion = "2025-11-25"

// Exchange is one HTTP request the grader sent and what came back.
type Exchange struct {
	Status          int
	WWWAuthenticate string
	CacheControl    string
	Header          http.Header // every header of the answer
	Body            string      // at most a few kilobytes of the response body
	Tag             string      // the RequestTagHeader the grader sent
}

// Describe says in one line what came back, for a check's "got".
func (e *Exchange) Describe() string { return e.DescribePhrase().Text }

// phraseNoWWWAuthenticate describes an answer that carries no challenge.
var phraseNoWWWAuthenticate = grader.NewPhraseForm("exchange.no-www-authenticate", "{{.Status}}, no WWW-Authenticate header")

// DescribePhrase is Describe as a phrase authlab may translate: only an
// answer without WWW-Authenticate has words to translate.
func (e *Exchange) DescribePhrase() grader.Phrase {
	status := fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	if e.WWWAuthenticate == "" {
		return phraseNoWWWAuthenticate.Say(map[string]any{"Status": status})
	}
	return grader.Literal(status + ", WWW-Authenticate: " + e.WWWAuthenticate)
}

// BodyExcerpt returns the start of the response body, for a check's detail.
func (e *Exchange) BodyExcerpt() string {
	body := strings.TrimSpace(e.Body)
	if body == "" {
		return ""
	}
	return "response body: " + excerpt(body, 200)
}

// RPC is a JSON-RPC request body.
type RPC struct {
	Method string
	Params any
}

// Send posts a JSON-RPC request to the protected endpoint with the given
// headers (a nil value in headers means: leave that header out).
func (l *Lab) Send(ctx context.Context, rpc RPC, headers map[string]string) (*Exchange, error) {
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": rpc.Method, "params": rpc.Params})
	if err != nil {
		return nil, err
	}
	return l.do(ctx, http.MethodPost, l.URL, bytes.NewReader(body), headers)
}

// SendMethod sends a bodiless GET (the stream for server messages) or
// DELETE (end of session) to the protected endpoint with the given headers.
// Only the status and headers are read: a GET that gets through would stream
// forever.
func (l *Lab) SendMethod(ctx context.Context, method string, headers map[string]string) (*Exchange, error) {
	return l.do(ctx, method, l.URL, nil, headers)
}

func (l *Lab) do(ctx context.Context, method, url string, body io.Reader, headers map[string]string) (*Exchange, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", ProtocolVersion)
	for k, v := range headers {
		req.Header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	return l.roundTrip(req)
}

// roundTrip sends req, tagged so that what the server did with it can be
// found again, and reads the answer.
func (l *Lab) roundTrip(req *http.Request) (*Exchange, error) {
	method := req.Method
	tag := fmt.Sprintf("r%d", l.tags.Add(1))
	req.Header.Set(RequestTagHeader, tag)
	resp, err := noRedirects.Do(req)
	if err != nil {
		return nil, fmt.Errorf("no HTTP answer: %w", err)
	}
	defer resp.Body.Close()
	ex := &Exchange{
		Status:          resp.StatusCode,
		WWWAuthenticate: resp.Header.Get("WWW-Authenticate"),
		CacheControl:    resp.Header.Get("Cache-Control"),
		Header:          resp.Header,
		Tag:             tag,
	}
	if method != http.MethodGet || resp.StatusCode >= 400 {
		ex.Body = readBody(resp.Body)
	}
	return ex, nil
}

// noRedirects is the grader's client: a redirect is an answer to judge, not
// a request to send again.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// readBody reads the start of a body, giving up after a moment: code that
// writes an error and still calls the MCP handler may hold a GET's event
// stream open behind it.
func readBody(body io.ReadCloser) string {
	done := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(body, 8192))
		done <- b
	}()
	select {
	case b := <-done:
		return string(b)
	case <-time.After(300 * time.Millisecond):
		body.Close()
		return string(<-done)
	}
}

// ToolCall is the JSON-RPC request for calling tool with args.
func ToolCall(tool string, args any) RPC {
	return RPC{Method: "tools/call", Params: map[string]any{"name": tool, "arguments": args}}
}

func rpcMethod(body []byte) string {
	var m struct {
		Method string `json:"method"`
	}
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	return m.Method
}

func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
