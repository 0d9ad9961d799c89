package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ProtocolVersion is the MCP protocol version the grader's clients speak. It
// is pinned so that connecting is a single initialize request.
const ProtocolVersion = "2025-11-25"

// Exchange is one HTTP request the grader sent and what came back.
type Exchange struct {
	Status          int
	WWWAuthenticate string
	CacheControl    string
	Body            string // at most a few hundred bytes of the response body
}

// Describe says in one line what came back, for a check's "got".
func (e *Exchange) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", e.Status, http.StatusText(e.Status))
	if e.WWWAuthenticate != "" {
		fmt.Fprintf(&b, ", WWW-Authenticate: %s", e.WWWAuthenticate)
	} else {
		b.WriteString(", no WWW-Authenticate header")
	}
	return b.String()
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
	return do(ctx, http.MethodPost, l.URL, bytes.NewReader(body), headers)
}

// SendMethod sends a bodiless GET (the stream for server messages) or
// DELETE (end of session) to the protected endpoint with the given headers.
// Only the status and headers are read: a GET that gets through would stream
// forever.
func (l *Lab) SendMethod(ctx context.Context, method string, headers map[string]string) (*Exchange, error) {
	return do(ctx, method, l.URL, nil, headers)
}

func do(ctx context.Context, method, url string, body io.Reader, headers map[string]string) (*Exchange, error) {
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
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("no HTTP answer: %w", err)
	}
	defer resp.Body.Close()
	ex := &Exchange{
		Status:          resp.StatusCode,
		WWWAuthenticate: resp.Header.Get("WWW-Authenticate"),
		CacheControl:    resp.Header.Get("Cache-Control"),
	}
	if method != http.MethodGet {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		ex.Body = excerpt(string(b), 400)
	}
	return ex, nil
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
