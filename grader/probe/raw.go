package probe

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// RawRequest is an HTTP request in full: any method, path, query, header
// (names kept as given, several values allowed) and body.
type RawRequest struct {
	Method string
	Path   string // from the server's root, such as /mcp
	Query  url.Values
	Header http.Header
	Body   []byte // nil sends none
}

// BuildError is a request that no HTTP client can send, such as a header
// value with a line break.
type BuildError struct{ Err error }

func (e *BuildError) Error() string { return "not a valid HTTP request: " + e.Err.Error() }

// Effect is what one request did inside the lab, past the code under test.
type Effect struct {
	Reached    bool       // it got through to the MCP handler
	Ran        []string   // the tools that ran while it was served
	Identities []Identity // what those tool calls knew of their caller
}

// Do sends req to the lab and returns the answer and its effect. Requests
// sent with Do must not overlap: the effect is what changed while this one
// was served.
func (l *Lab) Do(ctx context.Context, req RawRequest) (*Exchange, Effect, error) {
	l.doMu.Lock()
	defer l.doMu.Unlock()
	reached, calls, ids := l.Reached(), len(l.Catalog.Calls()), len(l.Identities())
	u := l.BaseURL + req.Path
	if len(req.Query) > 0 {
		u += "?" + req.Query.Encode()
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, u, body)
	if err != nil {
		return nil, Effect{}, &BuildError{err}
	}
	if req.Body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	hr.Header.Set("Accept", "application/json, text/event-stream")
	hr.Header.Set("Mcp-Protocol-Version", ProtocolVersion)
	for k, v := range req.Header {
		hr.Header[k] = slices.Clone(v) // names as given: the server canonicalizes them
	}
	for k, vs := range hr.Header {
		for _, v := range vs {
			if !validFieldName(k) || !validFieldValue(v) {
				return nil, Effect{}, &BuildError{fmt.Errorf("invalid header %q: %q", k, v)}
			}
		}
	}
	ex, err := l.roundTrip(hr)
	if err != nil {
		return nil, Effect{}, err
	}
	eff := Effect{Reached: l.Reached() > reached}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		l.quiesceTag(ex.Tag) // a stream that got through would keep us waiting
	}
	for _, c := range l.Catalog.Calls()[calls:] {
		eff.Ran = append(eff.Ran, c.Tool)
	}
	eff.Identities = l.Identities()[ids:]
	return ex, eff, nil
}

// quiesceTag waits, up to a moment, for the request tagged tag to be
// served to the end.
func (l *Lab) quiesceTag(tag string) { l.LateHeaders(tag) }

// validFieldName reports whether name is an RFC 9110 token.
func validFieldName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// validFieldValue reports whether v holds no control character but tab.
func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
