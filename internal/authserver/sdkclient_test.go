package authserver

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// protectedMCPServer is the resource server of stage 6 at its smallest: the
// SDK's bearer middleware requiring scope, with a JWKS-checking verifier,
// RFC 9728 metadata naming the authorization server start returns, and
// two tools: whoami says who called, admin which scopes the token has.
// gate, when not nil, wraps the MCP handler behind the bearer middleware.
// It returns the MCP URL.
func protectedMCPServer(t *testing.T, scope string, gate func(metadataURL string, next http.Handler) http.Handler, start func(resource string) *Server) (string, *Server) {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	resource := srv.URL + "/mcp"
	as := start(resource)
	jwksURI := metadata(t, as).JWKSURI

	verifier := func(ctx context.Context, token string, _ *http.Request) (*auth.TokenInfo, error) {
		set := &jose.JSONWebKeySet{}
		if err := fetchJSON(jwksURI, set); err != nil {
			return nil, err
		}
		_, claims, err := verify(token, set, RS256, as.Issuer(), resource)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", auth.ErrInvalidToken, err)
		}
		return &auth.TokenInfo{Scopes: strings.Fields(claims.Scope), Expiration: claims.ExpiresAt.Time, UserID: claims.Subject}, nil
	}
	server := mcp.NewServer(&mcp.Implementation{Name: "protected", Version: "1"}, nil)
	tool := func(name string, answer func(*auth.TokenInfo) string) {
		mcp.AddTool(server, &mcp.Tool{Name: name}, func(ctx context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: answer(req.Extra.TokenInfo)}}}, nil, nil
		})
	}
	tool("whoami", func(info *auth.TokenInfo) string { return info.UserID })
	tool("admin", func(info *auth.TokenInfo) string { return strings.Join(info.Scopes, " ") })
	metadataURL := srv.URL + "/.well-known/oauth-protected-resource/mcp"
	mux.Handle("/.well-known/oauth-protected-resource/mcp", auth.ProtectedResourceMetadataHandler(&oauthex.ProtectedResourceMetadata{
		Resource:             resource,
		AuthorizationServers: []string{as.Issuer()},
		ScopesSupported:      []string{scope},
	}))
	var handler http.Handler = mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
	if gate != nil {
		handler = gate(metadataURL, handler)
	}
	mux.Handle("/mcp", auth.RequireBearerToken(verifier, &auth.RequireBearerTokenOptions{ResourceMetadataURL: metadataURL, Scopes: []string{scope}})(handler))
	return resource, as
}

// connectSDK connects the go-sdk's client to mcpURL with an
// AuthorizationCodeHandler built from config, every request logged.
func connectSDK(t *testing.T, mcpURL string, config *auth.AuthorizationCodeHandlerConfig) (*mcp.ClientSession, *RequestLog) {
	t.Helper()
	log := &RequestLog{Next: http.DefaultTransport}
	config.RedirectURL = testRedirect
	config.AuthorizationCodeFetcher = ConsentingBrowser(log, testRedirect)
	config.Client = &http.Client{Transport: log}
	handler, err := auth.NewAuthorizationCodeHandler(config)
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "sdk-client", Version: "1"}, nil)
	session, err := client.Connect(t.Context(), &mcp.StreamableClientTransport{
		Endpoint:     mcpURL,
		OAuthHandler: handler,
		HTTPClient:   &http.Client{Transport: log},
	}, nil)
	if err != nil {
		t.Fatalf("Connect: %v\nrequests:\n%s", err, strings.Join(log.Lines(), "\n"))
	}
	t.Cleanup(func() { session.Close() })
	return session, log
}

// inOrder returns the first of want missing from lines, in order, or "".
func inOrder(lines, want []string) string {
	at := 0
	for _, line := range lines {
		if at < len(want) && line == want[at] {
			at++
		}
	}
	if at < len(want) {
		return want[at]
	}
	return ""
}

// TestSDKClientGetsInByDiscoveryAlone drives the go-sdk's own OAuth client
// (AuthorizationCodeHandler + streamable transport) told only the MCP URL
// and how to register: it must find the authorization server from the
// 401, get a token for the resource, and call the tool.
func TestSDKClientGetsInByDiscoveryAlone(t *testing.T) {
	const scope = "mcp:tools"
	for _, tc := range []struct {
		name     string
		register func(as *Server) *auth.AuthorizationCodeHandlerConfig
		chain    []string // requests the registration adds, after the metadata
	}{
		{"pre-registered client", func(as *Server) *auth.AuthorizationCodeHandlerConfig {
			return &auth.AuthorizationCodeHandlerConfig{PreregisteredClient: &oauthex.ClientCredentials{ClientID: as.ClientID()}}
		}, nil},
		{"dynamic registration", func(*Server) *auth.AuthorizationCodeHandlerConfig {
			return &auth.AuthorizationCodeHandlerConfig{DynamicClientRegistrationConfig: &auth.DynamicClientRegistrationConfig{
				Metadata: &oauthex.ClientRegistrationMetadata{RedirectURIs: []string{testRedirect}, ClientName: "sdk-client", TokenEndpointAuthMethod: "none"},
			}}
		}, []string{"POST /register → 201"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mcpURL, as := protectedMCPServer(t, scope, nil, func(resource string) *Server {
				return startServer(t, WithResource(resource), WithScopes(scope), WithSubject("learner-7"))
			})
			session, log := connectSDK(t, mcpURL, tc.register(as))
			res, err := session.CallTool(t.Context(), &mcp.CallToolParams{Name: "whoami"})
			if err != nil || res.IsError {
				t.Fatalf("CallTool: %v %+v", err, res)
			}
			if got := res.Content[0].(*mcp.TextContent).Text; got != "learner-7" {
				t.Errorf("tool saw user %q, want learner-7", got)
			}

			// The discovery chain, in order, as the MCP authorization spec draws it.
			chain := slices.Concat([]string{
				"POST /mcp → 401",
				"GET /.well-known/oauth-protected-resource/mcp → 200",
				"GET /.well-known/oauth-authorization-server → 200",
			}, tc.chain, flowChain)
			if missing := inOrder(log.Lines(), chain); missing != "" {
				t.Errorf("requests miss %q of the discovery chain; sent:\n%s", missing, strings.Join(log.Lines(), "\n"))
			}
		})
	}
}

// flowChain is the end of the discovery chain: authorization with
// automatic consent, the code traded, the request retried.
var flowChain = []string{
	"GET /authorize → 302",
	"GET /login → 302",
	"GET /authorize/callback → 302",
	"POST /oauth/token → 200",
	"POST /mcp → 200",
}
