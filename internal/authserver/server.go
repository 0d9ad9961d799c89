// Package authserver is the OAuth 2.1 authorization server that stage 6's
// grader and `authlab serve oauth` run beside a learner's MCP server: the
// OpenID-certified provider of github.com/zitadel/oidc, with discovery
// (RFC 8414 and OpenID), a JWKS whose key rotates on demand, the
// authorization code flow with PKCE (S256) for public clients,
// pre-registered or registered on request (RFC 7591), automatic consent
// for one test user, and JWT access tokens bound to one resource (RFC 8707).
package authserver

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// Server is a running authorization server on a loopback listener.
type Server struct {
	issuer   string
	clientID string
	keys     *keyRing
	http     *http.Server
	stop     func() bool
}

// Start listens, builds the provider and serves until Close is called or
// ctx is done.
func Start(ctx context.Context, opts ...Option) (*Server, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if len(o.resources) == 0 {
		return nil, errors.New("authserver: no resource to issue tokens for; pass WithResource(the MCP server's URL)")
	}
	for _, r := range o.resources {
		if u, err := url.Parse(r); err != nil || !u.IsAbs() || u.Host == "" || u.Fragment != "" {
			return nil, fmt.Errorf("authserver: resource %q is not an absolute URI without a fragment (RFC 8707 §2); pass the MCP server's URL, e.g. http://127.0.0.1:8080/mcp", r)
		}
	}
	if o.lifetime <= 0 {
		return nil, fmt.Errorf("authserver: token lifetime %v is not positive; pass WithTokenLifetime with a duration above zero", o.lifetime)
	}
	keys, err := newKeyRing(o.algorithm)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, fmt.Errorf("authserver: listen on %s: %w; pick a free address with WithListenAddr", o.addr, err)
	}
	issuer := "http://" + ln.Addr().String()
	storage := newMemoryStorage(keys, o.lifetime, o.subject)
	storage.addClient(&publicClient{id: o.clientID, redirectURIs: o.redirectURIs, scopes: o.scopes, loginURL: issuer + loginPath})
	provider, err := newProvider(issuer, storage, o.scopes)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{
		issuer:   issuer,
		clientID: o.clientID,
		keys:     keys,
		http:     &http.Server{Handler: routes(issuer, provider, storage, o), ReadHeaderTimeout: 5 * time.Second},
	}
	s.stop = context.AfterFunc(ctx, func() { s.http.Close() })
	go s.http.Serve(ln)
	return s, nil
}

// newProvider builds the zitadel provider: code flow with S256 only, JWT
// access tokens, plain HTTP allowed since the issuer is a loopback address.
func newProvider(issuer string, storage *memoryStorage, scopes []string) (*op.Provider, error) {
	config := &op.Config{
		CodeMethodS256: true,
		// Never nil: nil would advertise the provider's OpenID defaults,
		// offline_access among them, and this server issues no refresh tokens.
		SupportedScopes: append([]string{}, scopes...),
	}
	if _, err := rand.Read(config.CryptoKey[:]); err != nil {
		return nil, fmt.Errorf("authserver: make the provider's crypto key: %w", err)
	}
	provider, err := op.NewProvider(config, storage, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("authserver: build the provider for %s: %w", issuer, err)
	}
	return provider, nil
}

// loginPath is the page the provider sends a browser to log in.
const loginPath = "/login"

// routes puts in front of the provider: the login page, the metadata at
// both well-known paths with the registration endpoint added, dynamic
// client registration, the RFC 8707 check, and no ID tokens.
func routes(issuer string, provider *op.Provider, storage *memoryStorage, o options) http.Handler {
	callback := op.AuthCallbackURL(provider)
	mux := http.NewServeMux()
	mux.HandleFunc(loginPath, func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("id")
		if err := storage.approve(id); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, callback(op.ContextWithIssuer(r.Context(), issuer), id), http.StatusFound)
	})
	metadata := allowAnyOrigin(http.MethodGet, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		config := op.CreateDiscoveryConfig(op.ContextWithIssuer(r.Context(), issuer), provider, storage)
		config.RegistrationEndpoint = issuer + registerPath
		op.Discover(w, config)
	}))
	// RFC 8414 §3 first, as the MCP authorization spec orders them, then
	// OpenID discovery: the same document at both.
	mux.Handle("/.well-known/oauth-authorization-server", metadata)
	mux.Handle("/.well-known/openid-configuration", metadata)
	mux.Handle(registerPath, allowAnyOrigin(http.MethodPost, &registration{storage: storage, scopes: o.scopes, loginURL: issuer + loginPath}))
	mux.Handle("/", &resourceIndicators{
		served:    o.resources,
		authorize: provider.AuthorizationEndpoint().Relative(),
		token:     provider.TokenEndpoint().Relative(),
		storage:   storage,
		next:      &withoutIDToken{token: provider.TokenEndpoint().Relative(), next: provider},
	})
	return mux
}

// allowAnyOrigin serves method (and CORS preflights) to next, so that
// browser-based clients (the MCP Inspector) can read the metadata and
// register, as the provider's own endpoints already allow.
func allowAnyOrigin(method string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization, MCP-Protocol-Version")
		w.Header().Set("Access-Control-Allow-Methods", method+", OPTIONS")
		switch r.Method {
		case http.MethodOptions:
			w.WriteHeader(http.StatusNoContent)
		case method:
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Allow", method+", OPTIONS")
			http.Error(w, "use "+method, http.StatusMethodNotAllowed)
		}
	})
}

// Issuer is the server's issuer URL, e.g. http://127.0.0.1:41234.
func (s *Server) Issuer() string { return s.issuer }

// ClientID is the id of the pre-registered public client.
func (s *Server) ClientID() string { return s.clientID }

// KeyID is the kid new tokens are signed with.
func (s *Server) KeyID() string { return s.keys.current().id }

// KeyIDs lists the kids published in the JWKS, oldest first.
func (s *Server) KeyIDs() []string { return s.keys.ids() }

// RotateKey makes a new signing key and returns its kid: new tokens carry
// it, and the JWKS publishes it beside the old keys until they are retired.
func (s *Server) RotateKey() (string, error) { return s.keys.rotate() }

// RetireKey stops publishing the key kid, so tokens it signed no longer
// verify. The current key cannot be retired.
func (s *Server) RetireKey(kid string) error { return s.keys.retire(kid) }

// Sign signs claims exactly as given with the current key, kid in the
// header, as the server signs its access tokens. It is for the grader's
// attack tokens (expired, wrong iss or aud, missing scope) that only the
// claims make wrong, so a resource server must refuse them for what they
// say and not for their signature.
func (s *Server) Sign(claims map[string]any) (string, error) { return s.keys.sign(claims) }

// Close stops the server at once.
func (s *Server) Close() error {
	s.stop()
	return s.http.Close()
}
