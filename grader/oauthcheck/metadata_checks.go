package oauthcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
)

// resourceMetadata is the part of RFC 9728 metadata a client relies on.
type resourceMetadata struct {
	Resource             string   `json:"resource"`
	AuthorizationServers []string `json:"authorization_servers"`
	ScopesSupported      []string `json:"scopes_supported"`
}

// fetchMetadata GETs url and judges it as the metadata of l's server: nil,
// or what is wrong with it as a *grader.Failure.
func (l *lab) fetchMetadata(ctx context.Context, url string, sent grader.Phrase) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	ex, err := get(req)
	if err != nil {
		return err
	}
	want := phraseWantMetadata.Say(map[string]any{"Resource": l.cfg.Resource, "Issuer": l.cfg.Issuer, "Scope": l.cfg.Scope})
	if ex.Status != http.StatusOK {
		return grader.Fail(sent, want, ex.DescribePhrase())
	}
	var m resourceMetadata
	if err := json.Unmarshal([]byte(ex.Body), &m); err != nil {
		return grader.Fail(sent, want, phraseNotJSON.Say(map[string]any{"Err": err, "Body": excerpt(ex.Body)}))
	}
	switch {
	case m.Resource != l.cfg.Resource:
		return grader.Fail(sent, want, phraseMetadataResource.Say(map[string]any{"Resource": strconv.Quote(m.Resource)})).
			SayHint(phraseHintResourceExact.Say(nil))
	case !slices.Contains(m.AuthorizationServers, l.cfg.Issuer):
		return grader.Fail(sent, want, phraseMetadataServers.Say(map[string]any{"Servers": fmt.Sprintf("%q", m.AuthorizationServers)}))
	case !slices.Contains(m.ScopesSupported, l.cfg.Scope):
		return grader.Fail(sent, want, phraseMetadataScopes.Say(map[string]any{"Scopes": fmt.Sprintf("%q", m.ScopesSupported)}))
	}
	return nil
}

func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// metadataCheck fetches the Protected Resource Metadata where RFC 9728
// §3.1 puts it for a resource at /mcp.
func metadataCheck(t Target) grader.Check {
	const path = "/.well-known/oauth-protected-resource/mcp"
	return grader.Check{
		ID:     "resource-metadata",
		Name:   "The Protected Resource Metadata (RFC 9728) names this server and its authorization server",
		Sends:  "GET " + path,
		Expect: "200, JSON: resource is the MCP URL exactly, authorization_servers the issuer, scopes_supported the scope",
		Hint:   "Serve auth.ProtectedResourceMetadataHandler at /.well-known/oauth-protected-resource/mcp with Resource: cfg.Resource, AuthorizationServers: []string{cfg.Issuer}, ScopesSupported: []string{cfg.Scope}.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			return l.fetchMetadata(ctx, l.baseURL()+path, grader.Literal("GET "+path))
		}),
	}
}

// noTokenCheck sends initialize with no token and demands the 401 whose
// challenge lets a client discover the authorization server.
func noTokenCheck(t Target) grader.Check {
	sent, want := phraseSentNoToken.Say(nil), phraseWantNoToken.Say(nil)
	return grader.Check{
		ID:     "no-token-401",
		Name:   "A request with no token gets a 401 that points to the resource metadata",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "Answer 401 with WWW-Authenticate: Bearer resource_metadata=\"…\", scope=\"…\" (RFC 9728 §5.1): that header is all a client has to find the authorization server.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			ex, err := l.send(ctx, "")
			if err != nil {
				return err
			}
			if ex.Status != http.StatusUnauthorized {
				return grader.Fail(sent, want, ex.DescribePhrase())
			}
			if l.reached.Load() > 0 {
				return grader.Fail(sent, want, ex.DescribePhrase(), phraseReached.Say(nil))
			}
			c, err := probe.ParseChallenge(ex.WWWAuthenticate)
			if err != nil || !strings.EqualFold(c.Scheme, "Bearer") {
				return grader.Fail(sent, want, ex.DescribePhrase(), phraseNotBearer.Say(nil))
			}
			if c.Params["error"] != "" {
				return grader.Fail(sent, want, ex.DescribePhrase()).SayHint(phraseHintNoErrorWithoutToken.Say(nil))
			}
			if !slices.Contains(strings.Fields(c.Params["scope"]), l.cfg.Scope) {
				return grader.Fail(sent, want, ex.DescribePhrase(), phraseScopeNotNamed.Say(map[string]any{"Scope": l.cfg.Scope}))
			}
			metadataURL := c.Params["resource_metadata"]
			if metadataURL == "" {
				return grader.Fail(sent, want, ex.DescribePhrase(), phraseNoResourceMetadata.Say(nil))
			}
			if !strings.HasPrefix(metadataURL, l.baseURL()+"/") {
				return grader.Fail(sent, want, ex.DescribePhrase(), phraseMetadataElsewhere.Say(map[string]any{"Base": l.baseURL()}))
			}
			return l.fetchMetadata(ctx, metadataURL, phraseSentMetadataFrom401.Say(map[string]any{"URL": metadataURL}))
		}),
	}
}
