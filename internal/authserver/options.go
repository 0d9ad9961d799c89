package authserver

import "time"

// Defaults of the options.
const (
	// DefaultClientID is the id of the pre-registered public client.
	DefaultClientID = "authlab-mcp-client"
	// DefaultRedirectURI is its redirect URI; being a loopback URI, any
	// port matches it (RFC 8252 §7.3), so a client may listen where it likes.
	DefaultRedirectURI = "http://127.0.0.1/callback"
	// DefaultSubject is the sub of the test user whose consent is automatic.
	DefaultSubject = "authlab-learner"
	// DefaultTokenLifetime is how long an access token is valid.
	DefaultTokenLifetime = 5 * time.Minute
)

// Option configures a Server at Start.
type Option func(*options)

type options struct {
	addr         string
	resources    []string
	scopes       []string
	lifetime     time.Duration
	algorithm    Algorithm
	subject      string
	clientID     string
	redirectURIs []string
}

func defaultOptions() options {
	return options{
		addr:         "127.0.0.1:0",
		lifetime:     DefaultTokenLifetime,
		algorithm:    RS256,
		subject:      DefaultSubject,
		clientID:     DefaultClientID,
		redirectURIs: []string{DefaultRedirectURI},
	}
}

// WithListenAddr sets where the server listens (default 127.0.0.1:0, a
// free loopback port); the issuer URL is taken from the bound address.
func WithListenAddr(addr string) Option { return func(o *options) { o.addr = addr } }

// WithResource sets the resources (RFC 8707) tokens can be issued for.
// A token's aud is the one the client names in its resource parameter,
// the first of these when it names none. At least one is required.
func WithResource(uris ...string) Option {
	return func(o *options) { o.resources = append(o.resources, uris...) }
}

// WithScopes sets the scopes the server advertises and grants; others a
// client asks for are left out of the token.
func WithScopes(scopes ...string) Option {
	return func(o *options) { o.scopes = append(o.scopes, scopes...) }
}

// WithTokenLifetime sets how long access tokens are valid.
func WithTokenLifetime(d time.Duration) Option { return func(o *options) { o.lifetime = d } }

// WithAlgorithm sets the signing algorithm, RS256 (default) or ES256.
func WithAlgorithm(alg Algorithm) Option { return func(o *options) { o.algorithm = alg } }

// WithSubject sets the sub of the test user who consents to every request.
func WithSubject(sub string) Option { return func(o *options) { o.subject = sub } }

// WithClient sets the id and redirect URIs of the pre-registered public client.
func WithClient(id string, redirectURIs ...string) Option {
	return func(o *options) { o.clientID, o.redirectURIs = id, redirectURIs }
}
