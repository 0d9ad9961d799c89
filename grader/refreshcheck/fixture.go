package refreshcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
)

// fixture is one check's server: the learner's NewServer with a fresh
// configuration and a store the grader can look into.
type fixture struct {
	*tokenlab.Fixture
	store *refreshstore.Store
}

// defaultRefreshTTL is the refresh lifetime of a check that does not wait
// for it to end: long enough never to end during a check.
const defaultRefreshTTL = time.Hour

// start serves the catalog behind t.NewServer with a fresh configuration
// whose refresh tokens live ttl.
func start(t Target, ttl time.Duration) (*fixture, error) {
	store := refreshstore.New()
	tf, err := tokenlab.StartWith(func(cfg jwtconfig.Config, next http.Handler) (http.Handler, error) {
		return t.NewServer(cfg, store, next)
	}, func(cfg *jwtconfig.Config) { cfg.RefreshTTL = ttl },
		fmt.Sprintf("a 43-byte key, an issuer, an audience, a user store, a refresh store and RefreshTTL %v", ttl))
	if err != nil {
		return nil, err
	}
	return &fixture{Fixture: tf, store: store}, nil
}

// answer is what came back from a token endpoint.
type answer struct {
	status int
	header http.Header
	body   string
}

// describe says in one line what came back, for a check's "got".
func (a answer) describe() grader.Phrase {
	return grader.Literal(fmt.Sprintf("%d %s, Cache-Control: %q, Pragma: %q, body %q", a.status, http.StatusText(a.status),
		a.header.Get("Cache-Control"), a.header.Get("Pragma"), excerpt(a.body, 160)))
}

// field returns a string field of a JSON answer, or "".
func (a answer) field(name string) string {
	var object map[string]any
	if json.Unmarshal([]byte(a.body), &object) != nil {
		return ""
	}
	s, _ := object[name].(string)
	return s
}

func (a answer) access() string  { return a.field("access_token") }
func (a answer) refresh() string { return a.field("refresh_token") }

// oauthRefusal returns a zero Phrase when a is the OAuth 2.0 error answer
// with code want (400, JSON, {"error": want}, no token, RFC 6749 §5.2), or
// what is wrong with it.
func (a answer) oauthRefusal(want string) grader.Phrase {
	mediaType, _, _ := mime.ParseMediaType(a.header.Get("Content-Type"))
	switch {
	case a.access() != "" || a.refresh() != "":
		return phraseGranted.Say(nil)
	case a.status == http.StatusUnauthorized:
		return phrase401Refusal.Say(nil)
	case a.status != http.StatusBadRequest:
		return phraseStatusNot400.Say(map[string]any{"Status": a.status})
	case mediaType != "application/json":
		return phraseNotJSON.Say(nil)
	case a.field("error") != want:
		return phraseErrorNot.Say(map[string]any{"Got": strconv.Quote(a.field("error")), "Want": strconv.Quote(want)})
	}
	return grader.Phrase{}
}

// wrongAnswer says what came back and what is wrong with it.
func (a answer) wrongAnswer(problem grader.Phrase) grader.Phrase {
	return phraseAnswerProblem.Say(map[string]any{"Answer": a.describe(), "Problem": problem})
}

// granted returns a zero Phrase when a is a 200 carrying an access token
// valid for f's configuration and a refresh token, or what is wrong with
// it.
func (a answer) granted(f *fixture) grader.Phrase {
	switch {
	case a.status != http.StatusOK:
		return phraseStatusNot200.Say(map[string]any{"Status": a.status})
	case a.access() == "":
		return phraseNoAccess.Say(nil)
	case a.refresh() == "":
		return phraseNoRefresh.Say(nil)
	}
	j := tokenlab.Judge(f.Cfg, a.access(), time.Now())
	if j.Validity == tokenlab.Invalid {
		return phraseMustRefuseAccess.Say(map[string]any{"Why": j.Why})
	}
	return grader.Phrase{}
}

// client is the grader's HTTP client: a redirect is an answer to judge.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// send sends a bodiless method request to f's path and reads the answer.
func (f *fixture) send(ctx context.Context, method, path string) (answer, error) {
	return f.request(ctx, method, path, "", "")
}

// post sends body to f's path with contentType and reads the answer.
func (f *fixture) post(ctx context.Context, path, contentType, body string) (answer, error) {
	return f.request(ctx, http.MethodPost, path, contentType, body)
}

// request sends method to f's path with body, of contentType when set.
func (f *fixture) request(ctx context.Context, method, path, contentType, body string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, f.Lab.BaseURL+path, strings.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("no HTTP answer from %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = io.Copy(&b, io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return answer{}, fmt.Errorf("reading the answer of %s %s: %w", method, path, err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b.String()}, nil
}

// postForm sends form, form-encoded, to f's path.
func (f *fixture) postForm(ctx context.Context, path string, form url.Values) (answer, error) {
	return f.post(ctx, path, "application/x-www-form-urlencoded", form.Encode())
}

// login logs the run's user in.
func (f *fixture) login(ctx context.Context) (answer, error) {
	body, _ := json.Marshal(map[string]string{"username": f.Account.User.Username, "password": f.Account.Password})
	return f.post(ctx, "/login", "application/json", string(body))
}

// refreshWith presents token to POST /token.
func (f *fixture) refreshWith(ctx context.Context, token string) (answer, error) {
	return f.postForm(ctx, "/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}})
}

// revoke presents token to POST /revoke.
func (f *fixture) revoke(ctx context.Context, token string) (answer, error) {
	return f.postForm(ctx, "/revoke", url.Values{"token": {token}})
}

// loginSent is how a check says it logged in.
var loginSent = phraseLoginSent.Say(nil)

// mustLogin logs in and returns the refresh token, or a failure.
func (f *fixture) mustLogin(ctx context.Context) (string, error) {
	a, err := f.login(ctx)
	if err != nil {
		return "", err
	}
	if problem := a.granted(f); problem.Text != "" {
		return "", f.Lab.FailSay(loginSent, phraseWantLogin.Say(nil), a.wrongAnswer(problem))
	}
	return a.refresh(), nil
}

// mustRefresh presents token to POST /token, which must grant new tokens,
// and returns the new refresh token, or a failure saying sent.
func (f *fixture) mustRefresh(ctx context.Context, token string, sent grader.Phrase) (string, error) {
	a, err := f.refreshWith(ctx, token)
	if err != nil {
		return "", err
	}
	if problem := a.granted(f); problem.Text != "" {
		return "", f.Lab.FailSay(sent, phraseWantRefresh.Say(nil), a.wrongAnswer(problem))
	}
	return a.refresh(), nil
}

// mustRefuse presents token to POST /token, which must answer 400
// invalid_grant, or a failure saying sent and why.
func (f *fixture) mustRefuse(ctx context.Context, token string, sent, because grader.Phrase) error {
	a, err := f.refreshWith(ctx, token)
	if err != nil {
		return err
	}
	if problem := a.oauthRefusal("invalid_grant"); problem.Text != "" {
		return f.Lab.FailSay(sent, phraseWantInvalidGrant.Say(map[string]any{"Because": because}), a.wrongAnswer(problem))
	}
	return nil
}

// then says that sent was followed by next.
func then(sent, next grader.Phrase) grader.Phrase {
	return phraseThen.Say(map[string]any{"Sent": sent, "Next": next})
}

// excerpt cuts s to n bytes.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// failure is a failed step as a *grader.Failure.
func failure(sent, expected grader.Phrase, got ...grader.Phrase) error {
	return grader.Fail(sent, expected, got...)
}
