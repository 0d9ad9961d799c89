package refreshcheck

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// clientBugs are the classic mistakes of a mutant transport, one each: the
// transport below is the reference solution's, with each mistake behind
// its flag, marked `// BUG`.
type clientBugs struct {
	loops          bool // refreshes and retries until the server says yes
	staleRetry     bool // refreshes, then retries with the old access token
	replaysAnyBody bool // retries a body it cannot send again
	refreshesOnAny bool // refreshes on any 401 or 403
	noRecheck      bool // every refused request refreshes, even after another did
	jsonGrant      bool // sends the grant as JSON, not form-encoded
}

// buggyTransport returns a NewTransport whose transports have bugs.
func buggyTransport(b clientBugs) func(http.RoundTripper, string, string, string) http.RoundTripper {
	return func(base http.RoundTripper, tokenURL, access, refresh string) http.RoundTripper {
		return &buggyClient{bugs: b, base: base, tokenURL: tokenURL, access: access, refresh: refresh}
	}
}

// buggyClient is a mutant transport.
type buggyClient struct {
	bugs     clientBugs
	base     http.RoundTripper
	tokenURL string

	mu      sync.Mutex
	access  string
	refresh string
}

func (t *buggyClient) RoundTrip(req *http.Request) (*http.Response, error) {
	used := t.current()
	resp, err := t.base.RoundTrip(t.with(req, req.Body, used))
	for err == nil && t.refused(resp) {
		if req.Body != nil && req.GetBody == nil && !t.bugs.replaysAnyBody { // BUG when replaysAnyBody
			return resp, nil
		}
		fresh, rerr := t.refreshAfter(req.Context(), used)
		if rerr != nil {
			return resp, nil
		}
		body := req.Body
		if req.GetBody != nil {
			body, _ = req.GetBody()
		}
		if t.bugs.staleRetry {
			fresh = used // BUG: the retry carries the token just refused
		}
		resp.Body.Close()
		resp, err = t.base.RoundTrip(t.with(req, body, fresh))
		used = fresh
		if !t.bugs.loops {
			break
		} // BUG when loops: again and again
	}
	return resp, err
}

func (t *buggyClient) refused(resp *http.Response) bool {
	if t.bugs.refreshesOnAny {
		return resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden // BUG
	}
	return resp.StatusCode == http.StatusUnauthorized && strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`)
}

func (t *buggyClient) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.access
}

func (t *buggyClient) refreshAfter(ctx context.Context, used string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.access != used && !t.bugs.noRecheck { // BUG when noRecheck: refreshes again with a rotated token
		return t.access, nil
	}
	body, contentType := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.refresh}}.Encode(), "application/x-www-form-urlencoded"
	if t.bugs.jsonGrant {
		b, _ := json.Marshal(map[string]string{"grant_type": "refresh_token", "refresh_token": t.refresh})
		body, contentType = string(b), "application/json" // BUG: RFC 6749 §6 is form-encoded
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.tokenURL, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&tr) != nil {
		return "", errors.New("refresh refused")
	}
	t.access, t.refresh = tr.AccessToken, tr.RefreshToken
	return t.access, nil
}

func (t *buggyClient) with(req *http.Request, body io.ReadCloser, token string) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}
