package jwtauthcheck

// Client mutants: copies of the solution's Login and CallTool, each with
// one mistake marked `// BUG`.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing/fstest"

	"authlab/grader/gradertest"
)

func clientMutants() []mutant {
	return []mutant{
		{Name: "Login ignores the status", Target: withLoginClient(loginIgnoresStatus), MustFail: []string{"client-login", "client-login-no-redirect"}},
		{Name: "Login reads the wrong field", Target: withLoginClient(loginWrongField), MustFail: []string{"client-login"}},
		{Name: "Login follows redirects", Target: withLoginClient(loginFollowsRedirects), MustFail: []string{"client-login-no-redirect"}},
		{Name: "Login ignores its context", Target: withLoginClient(loginWithoutContext), MustFail: []string{"client-deadline"}},
		{
			// Models the stub's TODO left as is.
			Name: "token never sent",
			Target: withTransport(func(token string, _ *url.URL, base http.RoundTripper) http.RoundTripper {
				return &noTokenTransport{base: base}
			}),
			MustFail: []string{"client-sends-token", "client-token-same-origin"},
		},
		{
			Name: "token sent without Bearer",
			Target: withTransport(func(token string, _ *url.URL, base http.RoundTripper) http.RoundTripper {
				return &gradertest.BareTransport{Credential: token, Base: base}
			}),
			MustFail: []string{"client-sends-token", "client-token-same-origin"},
		},
		{
			Name: "token on the first request only",
			Target: withTransport(func(token string, _ *url.URL, base http.RoundTripper) http.RoundTripper {
				return &gradertest.FirstOnlyTransport{Credential: token, Base: base}
			}),
			MustFail: []string{"client-sends-token"},
		},
		{
			Name: "token sent to every origin",
			Target: withTransport(func(token string, _ *url.URL, base http.RoundTripper) http.RoundTripper {
				// BUG: the token goes to every origin, not only the endpoint's.
				return &gradertest.BearerTransport{Credential: token, Base: base}
			}),
			MustFail: []string{"client-token-same-origin"},
		},
		{Name: "CallTool connects without its context", Target: callToolWithoutContext(), MustFail: []string{"client-deadline"}},
		{Name: "CallTool installs its transport in http.DefaultClient", Target: callToolThroughDefaultClient(), MustFail: []string{"client-keeps-process-state"}},
		{Name: "Login keeps the token in the environment", Target: withLoginClient(loginIntoEnvironment), MustFail: []string{"client-keeps-process-state"}},
		{Name: "RoundTrip sets the token on the caller's request", Target: withSource(mutatingRoundTrip), MustFail: []string{"client-keeps-request"}},
	}
}

// Models "configure the client once": the token's transport becomes
// everybody's.
func callToolThroughDefaultClient() Target {
	t := good.target()
	t.CallTool = func(ctx context.Context, endpoint, token, tool string) (string, error) {
		home, err := url.Parse(endpoint)
		if err != nil {
			return "", err
		}
		http.DefaultClient.Transport = &sameOriginTransport{token: token, origin: home, base: http.DefaultTransport} // BUG: process-wide
		return callToolWith(ctx, ctx, endpoint, tool, http.DefaultClient)
	}
	return t
}

// Models handing the token to the next step through the environment.
func loginIntoEnvironment(ctx context.Context, baseURL, username, password string) (string, error) {
	token, err := good.target().Login(ctx, baseURL, username, password)
	if err == nil {
		os.Setenv("AUTHLAB_ACCESS_TOKEN", token) // BUG: every process started from here inherits it
	}
	return token, err
}

// Models decoding whatever comes back: a refused login yields "" and no
// error.
func loginIgnoresStatus(ctx context.Context, baseURL, username, password string) (string, error) {
	body, err := json.Marshal(loginRequest{Username: username, Password: password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/login", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr tokenResponse
	_ = json.NewDecoder(resp.Body).Decode(&tr) // BUG: neither the status nor the decoding error is checked
	return tr.AccessToken, nil
}

// Models guessing the answer's shape: the token is in access_token.
func loginWrongField(ctx context.Context, baseURL, username, password string) (string, error) {
	body, err := json.Marshal(loginRequest{Username: username, Password: password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/login", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login refused: %s", resp.Status)
	}
	var tr struct {
		Token string `json:"token"` // BUG: the field is access_token
	}
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	return tr.Token, nil
}

// Models http.DefaultClient, which follows a 307 or 308 with the same
// body: the password goes to whatever server the redirect names.
func loginFollowsRedirects(ctx context.Context, baseURL, username, password string) (string, error) {
	body, err := json.Marshal(loginRequest{Username: username, Password: password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/login", strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req) // BUG: follows redirects, credentials and all
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login refused: %s", resp.Status)
	}
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	return tr.AccessToken, nil
}

// Models http.NewRequest where http.NewRequestWithContext belongs: the
// request waits as long as the server does.
func loginWithoutContext(ctx context.Context, baseURL, username, password string) (string, error) {
	body, err := json.Marshal(loginRequest{Username: username, Password: password})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequest(http.MethodPost, baseURL+"/login", strings.NewReader(string(body))) // BUG: ctx is dropped
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login refused: %s", resp.Status)
	}
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		return "", fmt.Errorf("reading the token: %w", err)
	}
	return tr.AccessToken, nil
}

// callToolWithoutContext models client.Connect(context.Background(), ...):
// opening the session waits as long as the server does.
func callToolWithoutContext() Target {
	t := good.target()
	t.CallTool = func(ctx context.Context, endpoint, token, tool string) (string, error) {
		home, err := url.Parse(endpoint)
		if err != nil {
			return "", err
		}
		hc := &http.Client{Transport: &sameOriginTransport{token: token, origin: home, base: http.DefaultTransport}}
		return callToolWith(ctx, context.Background(), endpoint, tool, hc) // BUG: Connect is not given ctx
	}
	return t
}

// Models the stub's RoundTrip: the request goes out as it came.
type noTokenTransport struct {
	base http.RoundTripper
}

func (t *noTokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(req) // BUG: no Authorization header
}

// mutatingRoundTrip models the stub's RoundTrip finished without a clone.
const mutatingRoundTrip = `package jwtauth

import "net/http"

type bearerTransport struct {
	token string
	base  http.RoundTripper
}

func (t *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+t.token) // BUG: the caller's request
	return t.base.RoundTrip(req)
}
`

// withSource is the solution, with its package's source read as src: the
// behaviour stays the solution's, only what the code says changes.
func withSource(src string) Target {
	t := good.target()
	t.Source = fstest.MapFS{"jwt.go": {Data: []byte(src)}}
	return t
}
