package jwtauthcheck

import (
	"authlab/grader"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
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

func (a loginAnswer) describe() grader.Phrase {
	return grader.Literal(fmt.Sprintf("%d %s, Content-Type: %q, Cache-Control: %q, Pragma: %q, body %q", a.status, http.StatusText(a.status),
		a.header.Get("Content-Type"), a.cacheControl, a.header.Get("Pragma"), excerpt(a.body, 160)))
}

// oauthRefusal fails sent unless a is the OAuth 2.0 error answer with the
// error code want: 400, JSON, no token (RFC 6749 §5.2).
func (a loginAnswer) oauthRefusal(f *tokenlab.Fixture, sent grader.Phrase, want string) error {
	expect := phraseOAuthRefusal.Say(map[string]any{"Error": strconv.Quote(want)})
	mediaType, _, _ := mime.ParseMediaType(a.header.Get("Content-Type"))
	var object map[string]any
	decodes := json.Unmarshal([]byte(a.body), &object) == nil
	var problem grader.Phrase
	switch {
	case a.accessToken() != "" || jwtShape.MatchString(a.body):
		problem = phraseLoggedIn.Say(nil)
	case a.status == http.StatusUnauthorized && a.header.Get("WWW-Authenticate") == "":
		problem = phrase401NoChallenge.Say(nil)
	case a.status != http.StatusBadRequest:
		problem = phraseStatusNot400.Say(map[string]any{"Status": a.status})
	case mediaType != "application/json" || !decodes:
		problem = phraseNotJSONObject.Say(nil)
	case a.oauthError() != want:
		problem = phraseErrorNot.Say(map[string]any{"Got": strconv.Quote(a.oauthError()), "Want": strconv.Quote(want)})
	default:
		return nil
	}
	return f.Lab.FailSay(sent, expect, phraseAnswerProblem.Say(map[string]any{"Answer": a.describe(), "Problem": problem}))
}

// oauthError returns the error code of a JSON error answer, or "".
func (a loginAnswer) oauthError() string {
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal([]byte(a.body), &e)
	return e.Error
}

// loginCall is a request to /login: any method, body, query and headers.
type loginCall struct {
	method string
	body   any    // sent as JSON; nil sends none
	raw    string // sent as is, with Content-Type: application/json, when body is nil
	query  url.Values
	header http.Header
}

// notJSON is a login body that does not decode.
const notJSON = `{"username": "`

// passwordLogin is a POST of username and password as JSON.
func passwordLogin(username, password string) loginCall {
	return loginCall{method: http.MethodPost, body: map[string]string{"username": username, "password": password}}
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
	} else if c.raw != "" {
		body = strings.NewReader(c.raw)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, u, body)
	if err != nil {
		return loginAnswer{}, err
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if c.body != nil || c.raw != "" {
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
	return sendLogin(ctx, f, passwordLogin(username, password))
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
