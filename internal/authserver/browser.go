package authserver

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/auth"
)

// RequestLog is an http.RoundTripper that records "METHOD path → status"
// for every request a client sends through it to Next.
type RequestLog struct {
	Next  http.RoundTripper
	mu    sync.Mutex
	lines []string
}

// RoundTrip sends req through Next and records it.
func (l *RequestLog) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.Next.RoundTrip(req)
	line := req.Method + " " + req.URL.Path
	if err == nil {
		line += fmt.Sprintf(" → %d", resp.StatusCode)
	}
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	return resp, err
}

// Lines returns the requests recorded so far, in order.
func (l *RequestLog) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

// ConsentingBrowser is the go-sdk AuthorizationCodeFetcher of a user who
// always consents: it opens the authorization URL through rt, follows the
// redirects and reads the code from the one that leads to redirectURI.
func ConsentingBrowser(rt http.RoundTripper, redirectURI string) auth.AuthorizationCodeFetcher {
	return func(ctx context.Context, args *auth.AuthorizationArgs) (*auth.AuthorizationResult, error) {
		browser := &http.Client{Transport: rt, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), redirectURI) {
				return http.ErrUseLastResponse
			}
			return nil
		}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, args.URL, nil)
		if err != nil {
			return nil, err
		}
		resp, err := browser.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		loc, err := resp.Location()
		if err != nil {
			return nil, fmt.Errorf("authorization ended at %s with %s, not a redirect to the client", resp.Request.URL.Path, resp.Status)
		}
		q := loc.Query()
		if q.Get("code") == "" {
			return nil, fmt.Errorf("authorization refused: %s: %s", q.Get("error"), q.Get("error_description"))
		}
		return &auth.AuthorizationResult{Code: q.Get("code"), State: q.Get("state"), Iss: q.Get("iss")}, nil
	}
}
