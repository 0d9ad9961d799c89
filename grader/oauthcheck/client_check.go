package oauthcheck

import (
	"context"
	"net/http"
	"slices"
	"strings"
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
			log := newRequestLog()
			handler, err := l.sdkHandler(log, nil)
			if err != nil {
				return err
			}
			if err := l.sdkCallsTool(ctx, handler, log, sent, want); err != nil {
				return err
			}
			if !slices.Contains(log.Lines(), "POST /mcp → 401") || log.tokens() == 0 {
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
			log := newRequestLog()
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
			if !slices.Contains(log.Lines(), "POST /mcp → 403") || log.tokens() < 2 {
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
		AuthorizationCodeFetcher: authserver.ConsentingBrowser(log, authserver.DefaultRedirectURI),
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

// requestLog records every request the go-sdk's client sends, for the
// checks to read and a failure to show.
type requestLog struct{ authserver.RequestLog }

// newRequestLog returns a log of requests sent on through the default
// transport.
func newRequestLog() *requestLog {
	return &requestLog{authserver.RequestLog{Next: http.DefaultTransport}}
}

// tokens counts the tokens the client got from the token endpoint.
func (l *requestLog) tokens() int {
	n := 0
	for _, line := range l.Lines() {
		if strings.HasPrefix(line, "POST /oauth/token → 200") {
			n++
		}
	}
	return n
}

// describe lists the requests the client sent, for a failure's detail.
func (l *requestLog) describe() grader.Phrase {
	return phraseClientRequests.Say(map[string]any{"Requests": strings.Join(l.Lines(), "\n  ")})
}
