package jwtauthcheck

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"authlab/grader/tokenlab"
)

// loginAnswer is what came back from /login.
type loginAnswer struct {
	status       int
	cacheControl string
	header       http.Header
	body         string
}

func (a loginAnswer) describe() string {
	return fmt.Sprintf("%d %s, Cache-Control: %q, body %q", a.status, http.StatusText(a.status), a.cacheControl, excerpt(a.body, 160))
}

// loginCall is a request to /login: any method, body, query and headers.
type loginCall struct {
	method string
	body   any // sent as JSON; nil sends none
	query  url.Values
	header http.Header
}

// loginClient sends the grader's logins: a redirect is an answer to judge.
var loginClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// sendLogin sends c to the fixture's /login and reads the answer.
func sendLogin(ctx context.Context, f *tokenlab.Fixture, c loginCall) (loginAnswer, error) {
	u := f.Lab.BaseURL + "/login"
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	var body io.Reader
	if c.body != nil {
		b, err := json.Marshal(c.body)
		if err != nil {
			return loginAnswer{}, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, u, body)
	if err != nil {
		return loginAnswer{}, err
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := loginClient.Do(req)
	if err != nil {
		return loginAnswer{}, fmt.Errorf("no HTTP answer: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 8192))
	return loginAnswer{status: resp.StatusCode, cacheControl: resp.Header.Get("Cache-Control"), header: resp.Header, body: string(b)}, nil
}

// postLogin posts a user name and password as JSON to /login.
func postLogin(ctx context.Context, f *tokenlab.Fixture, username, password string) (loginAnswer, error) {
	return sendLogin(ctx, f, loginCall{method: http.MethodPost, body: map[string]string{"username": username, "password": password}})
}

// accessToken returns the access_token of a login answer, or "".
func (a loginAnswer) accessToken() string {
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal([]byte(a.body), &tr)
	return tr.AccessToken
}

// tokenJSON returns the decoded header and payload of a JWT, joined, for
// searching; parts that do not decode are left out.
func tokenJSON(raw string) string {
	parts := strings.Split(raw, ".")
	var decoded []string
	for _, p := range parts[:min(2, len(parts))] {
		if b, err := base64.RawURLEncoding.DecodeString(p); err == nil {
			decoded = append(decoded, string(b))
		}
	}
	return strings.Join(decoded, "\n")
}

// excerpt returns the first n bytes of s, marked when cut.
func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// stringList turns a decoded JSON array into strings; anything else is nil.
func stringList(v any) []string {
	items, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil
		}
		out = append(out, s)
	}
	return out
}
