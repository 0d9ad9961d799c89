package oauthcheck

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/authserver"
	"authlab/internal/catalog"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// sdkClientCheck drives the go-sdk's own OAuth client, told only the MCP
// URL and its client id: from the 401 it must find the metadata, the
// authorization server, get a token with PKCE and call a tool. Its
// authorization server signs with RS256, the others' with ES256, so a
// server that accepts only one algorithm, not the key's own, fails.
func sdkClientCheck(t Target) grader.Check {
	sent, want := phraseSentSDK.Say(nil), phraseWantSDK.Say(nil)
	return grader.Check{
		ID:     "sdk-client-discovery",
		Name:   "The go-sdk's own OAuth client gets in by discovery alone",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "A client knows only your MCP URL: the 401's resource_metadata must lead to metadata whose resource is that URL exactly and whose authorization_servers names the issuer; then the token it gets must pass your verifier.",
		Run: func(ctx context.Context) error {
			l, err := startLabWith(ctx, t, authserver.RS256)
			if err != nil {
				return err
			}
			defer l.Close()
			log := &requestLog{next: http.DefaultTransport}
			handler, err := l.sdkHandler(log, nil)
			if err != nil {
				return err
			}
			if err := l.sdkCallsTool(ctx, handler, log, sent, want); err != nil {
				return err
			}
			if !slices.Contains(log.all(), "POST /mcp → 401") || log.tokens() == 0 {
				return grader.Fail(sent, want, phraseNoTokenNeeded.Say(nil)).SayDetail(log.describe()).SayHint(phraseHintBehindMiddleware.Say(nil))
			}
			return nil
		},
	}
}

// stepUpCheck gives the go-sdk client a token without the scope (its
// first authorization asks for another scope only, and so its first
// connection fails with 403): on the next connection the server's 403 must
// tell it which scope to add, and the client, stepping up, must get a
// second token and in.
func stepUpCheck(t Target) grader.Check {
	sent, want := phraseSentStepUp.Say(nil), phraseWantStepUp.Say(nil)
	return grader.Check{
		ID:     "sdk-client-steps-up",
		Name:   "The go-sdk's OAuth client steps up from your 403 to the scope it names",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   `The go-sdk client steps up only when the 403's challenge says error="insufficient_scope" and names the scope: WWW-Authenticate: Bearer error="insufficient_scope", scope="…", resource_metadata="…".`,
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			var asked atomic.Bool
			otherFirst := func(discovered []string) []string {
				if asked.Swap(true) {
					return discovered
				}
				return []string{otherScope}
			}
			log := &requestLog{next: http.DefaultTransport}
			handler, err := l.sdkHandler(log, otherFirst)
			if err != nil {
				return err
			}
			if cs, err := l.sdkConnect(ctx, handler, log); err == nil {
				cs.Close()
				return grader.Fail(sent, want, phraseLetInWithout.Say(map[string]any{"Scope": otherScope})).SayDetail(log.describe())
			}
			if err := l.sdkCallsTool(ctx, handler, log, sent, want); err != nil {
				return err
			}
			if !slices.Contains(log.all(), "POST /mcp → 403") || log.tokens() < 2 {
				return grader.Fail(sent, want, phraseNeverSteppedUp.Say(nil)).SayDetail(log.describe())
			}
			return nil
		}),
	}
}

// sdkHandler is the go-sdk's OAuth client for l, its requests logged, the
// scopes it asks for chosen by filter (nil: all it discovers).
func (l *lab) sdkHandler(log *requestLog, filter func([]string) []string) (*auth.AuthorizationCodeHandler, error) {
	return auth.NewAuthorizationCodeHandler(&auth.AuthorizationCodeHandlerConfig{
		PreregisteredClient:      &oauthex.ClientCredentials{ClientID: l.as.ClientID()},
		RedirectURL:              authserver.DefaultRedirectURI,
		AuthorizationCodeFetcher: consentingBrowser(log),
		Client:                   &http.Client{Transport: log},
		ScopeFilter:              filter,
	})
}

// sdkConnect connects a go-sdk client with handler to l's server.
func (l *lab) sdkConnect(ctx context.Context, handler auth.OAuthHandler, log *requestLog) (*mcp.ClientSession, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "authlab-sdk-client", Version: "1.0.0"}, nil)
	return client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint:             l.cfg.Resource,
		OAuthHandler:         handler,
		HTTPClient:           &http.Client{Transport: log},
		MaxRetries:           -1,
		DisableStandaloneSSE: true,
	}, &mcp.ClientSessionOptions{ProtocolVersion: probe.ProtocolVersion})
}

// sdkCallsTool connects with handler and calls list_products: nil, or a
// *grader.Failure saying what went wrong.
func (l *lab) sdkCallsTool(ctx context.Context, handler auth.OAuthHandler, log *requestLog, sent, want grader.Phrase) error {
	cs, err := l.sdkConnect(ctx, handler, log)
	if err != nil {
		return grader.Fail(sent, want, phraseCouldNotConnect.Say(map[string]any{"Err": err})).SayDetail(log.describe())
	}
	defer cs.Close()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: catalog.ToolListProducts})
	if err != nil || res.IsError || !strings.Contains(probe.ToolText(res), l.catalog.Marker()) {
		return grader.Fail(sent, want, phraseToolFailed.Say(map[string]any{"Err": err, "Result": toolText(res)})).SayDetail(log.describe())
	}
	return nil
}

func toolText(res *mcp.CallToolResult) string {
	if res == nil {
		return ""
	}
	return probe.ToolText(res)
}

// requestLog records "METHOD path → status" for every request a client sends.
type requestLog struct {
	mu    sync.Mutex
	lines []string
	next  http.RoundTripper
}

func (l *requestLog) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(req)
	line := req.Method + " " + req.URL.Path
	if err == nil {
		line += fmt.Sprintf(" → %d", resp.StatusCode)
	}
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	return resp, err
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

// tokens counts the tokens the client got from the token endpoint.
func (l *requestLog) tokens() int {
	n := 0
	for _, line := range l.all() {
		if strings.HasPrefix(line, "POST /oauth/token → 200") {
			n++
		}
	}
	return n
}

// describe lists the requests the client sent, for a failure's detail.
func (l *requestLog) describe() grader.Phrase {
	return phraseClientRequests.Say(map[string]any{"Requests": strings.Join(l.all(), "\n  ")})
}

// consentingBrowser is the AuthorizationCodeFetcher of a user who always
// consents: it opens the URL, follows the redirects and reads the code
// from the one that leads back to the redirect URI.
func consentingBrowser(log *requestLog) auth.AuthorizationCodeFetcher {
	return func(ctx context.Context, args *auth.AuthorizationArgs) (*auth.AuthorizationResult, error) {
		browser := &http.Client{Transport: log, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), authserver.DefaultRedirectURI) {
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
