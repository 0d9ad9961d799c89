package oauthcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
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
func (l *lab) fetchMetadata(ctx context.Context, url, sent string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	ex, err := get(req)
	if err != nil {
		return err
	}
	want := fmt.Sprintf("200 with JSON whose resource is %s, authorization_servers lists %s and scopes_supported lists %s", l.cfg.Resource, l.cfg.Issuer, l.cfg.Scope)
	if ex.Status != http.StatusOK {
		return grader.Failf(sent, want, "%s", ex.Describe())
	}
	var m resourceMetadata
	if err := json.Unmarshal([]byte(ex.Body), &m); err != nil {
		return grader.Failf(sent, want, "a body that is not JSON metadata (%v): %s", err, excerpt(ex.Body))
	}
	switch {
	case m.Resource != l.cfg.Resource:
		return &grader.Failure{Sent: sent, Expected: want, Got: fmt.Sprintf("resource %q", m.Resource),
			Hint: "resource must be the MCP endpoint's URL byte for byte (RFC 9728 §3.3: a client refuses metadata for another resource): use cfg.Resource as it is."}
	case !slices.Contains(m.AuthorizationServers, l.cfg.Issuer):
		return grader.Failf(sent, want, "authorization_servers %q", m.AuthorizationServers)
	case !slices.Contains(m.ScopesSupported, l.cfg.Scope):
		return grader.Failf(sent, want, "scopes_supported %q", m.ScopesSupported)
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
	const sent = "GET /.well-known/oauth-protected-resource/mcp"
	return grader.Check{
		ID:     "resource-metadata",
		Name:   "The Protected Resource Metadata (RFC 9728) names this server and its authorization server",
		Sends:  sent,
		Expect: "200, JSON: resource is the MCP URL exactly, authorization_servers the issuer, scopes_supported the scope",
		Hint:   "Serve auth.ProtectedResourceMetadataHandler at /.well-known/oauth-protected-resource/mcp with Resource: cfg.Resource, AuthorizationServers: []string{cfg.Issuer}, ScopesSupported: []string{cfg.Scope}.",
		Run: func(ctx context.Context) error {
			l, err := startLab(ctx, t)
			if err != nil {
				return err
			}
			defer l.Close()
			return l.fetchMetadata(ctx, l.baseURL()+"/.well-known/oauth-protected-resource/mcp", sent)
		},
	}
}

// noTokenCheck sends initialize with no token and demands the 401 whose
// challenge lets a client discover the authorization server.
func noTokenCheck(t Target) grader.Check {
	const sent = "initialize with no Authorization header"
	const want = `401, WWW-Authenticate: Bearer resource_metadata="<the metadata's URL>", scope="<the scope>"`
	return grader.Check{
		ID:     "no-token-401",
		Name:   "A request with no token gets a 401 that points to the resource metadata",
		Sends:  sent,
		Expect: want,
		Hint:   "Answer 401 with WWW-Authenticate: Bearer resource_metadata=\"…\", scope=\"…\" (RFC 9728 §5.1): that header is all a client has to find the authorization server.",
		Run: func(ctx context.Context) error {
			l, err := startLab(ctx, t)
			if err != nil {
				return err
			}
			defer l.Close()
			ex, err := l.send(ctx, "")
			if err != nil {
				return err
			}
			if ex.Status != http.StatusUnauthorized {
				return grader.Failf(sent, want, "%s", ex.Describe())
			}
			if l.reached.Load() > 0 {
				return grader.Failf(sent, want, "%s, but the request reached the MCP server: return right after writing the 401", ex.Describe())
			}
			c, err := probe.ParseChallenge(ex.WWWAuthenticate)
			if err != nil || !strings.EqualFold(c.Scheme, "Bearer") {
				return grader.Failf(sent, want, "%s, not a Bearer challenge", ex.Describe())
			}
			if c.Params["error"] != "" {
				return &grader.Failure{Sent: sent, Expected: want, Got: ex.Describe(),
					Hint: "Leave error= out when no token was sent (RFC 6750 §3.1): there was no token to be invalid."}
			}
			if !slices.Contains(strings.Fields(c.Params["scope"]), l.cfg.Scope) {
				return grader.Failf(sent, want, "%s: scope does not name %s", ex.Describe(), l.cfg.Scope)
			}
			metadataURL := c.Params["resource_metadata"]
			if metadataURL == "" {
				return grader.Failf(sent, want, "%s: no resource_metadata", ex.Describe())
			}
			if !strings.HasPrefix(metadataURL, l.baseURL()+"/") {
				return grader.Failf(sent, want, "%s: resource_metadata is not on this server (%s)", ex.Describe(), l.baseURL())
			}
			return l.fetchMetadata(ctx, metadataURL, "GET "+metadataURL+" (the 401's resource_metadata)")
		},
	}
}
