package authserver

import (
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// publicClient is a registered native client with no secret: it proves
// itself with PKCE alone, as an MCP client on a learner's machine does.
// Its loopback redirect URIs match on any port (RFC 8252 §7.3).
type publicClient struct {
	id           string
	redirectURIs []string
	scopes       []string
	loginURL     string
}

func (c *publicClient) GetID() string                       { return c.id }
func (c *publicClient) RedirectURIs() []string              { return c.redirectURIs }
func (c *publicClient) PostLogoutRedirectURIs() []string    { return nil }
func (c *publicClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeNative }
func (c *publicClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodNone }
func (c *publicClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *publicClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode}
}

// LoginURL is where the provider sends the browser to log in: the
// server's own page that answers for the test user at once.
func (c *publicClient) LoginURL(authRequestID string) string {
	return c.loginURL + "?id=" + authRequestID
}

func (c *publicClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeJWT }
func (c *publicClient) IDTokenLifetime() time.Duration      { return 5 * time.Minute }
func (c *publicClient) DevMode() bool                       { return false }
func (c *publicClient) ClockSkew() time.Duration            { return 0 }

func (c *publicClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
func (c *publicClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}

// IsScopeAllowed admits the scopes the server was started with; others
// asked for are dropped from the grant, not refused.
func (c *publicClient) IsScopeAllowed(scope string) bool     { return slices.Contains(c.scopes, scope) }
func (c *publicClient) IDTokenUserinfoClaimsAssertion() bool { return false }
