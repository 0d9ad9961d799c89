// Package oauth is the reference solution of stage 6 of authlab: an MCP
// server that is an OAuth 2.1 resource server as the MCP authorization
// specification (2025-11-25) asks. It publishes its Protected Resource
// Metadata (RFC 9728), points unauthenticated clients to it, accepts only
// access tokens its authorization server signed for this very server
// (RFC 9068, RFC 8707, RFC 8725), asks for more scope with a 403 a client
// can step up from, and calls its downstream API with its own credential.
package oauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"authlab/internal/oauthconfig"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// metadataPath is where RFC 9728 §3.1 puts Protected Resource Metadata;
// the resource's own path follows it.
const metadataPath = "/.well-known/oauth-protected-resource"

// NewServer adds check_stock to server and returns the HTTP handler of the
// whole resource server: the MCP endpoint at cfg.Resource's path behind
// bearer tokens, and the metadata at metadataPath, bare and path-suffixed.
func NewServer(cfg oauthconfig.Config, server *mcp.Server) (http.Handler, error) {
	resource, err := url.Parse(cfg.Resource)
	if err != nil || !resource.IsAbs() || resource.Host == "" || resource.Fragment != "" || resource.RawQuery != "" {
		return nil, fmt.Errorf("oauth: resource %q is not an absolute URL without query or fragment (RFC 8707 §2); pass the MCP endpoint's URL", cfg.Resource)
	}
	if cfg.Issuer == "" || cfg.Scope == "" || cfg.InventoryURL == "" || cfg.InventoryKey == "" {
		return nil, errors.New("oauth: the issuer, the scope, the inventory URL and its key are all required")
	}
	mcpPath := resource.Path
	if mcpPath == "" {
		mcpPath = "/"
	}
	inventory := &inventoryClient{url: cfg.InventoryURL, key: cfg.InventoryKey, http: &http.Client{Timeout: 5 * time.Second}}
	mcp.AddTool(server, &mcp.Tool{Name: oauthconfig.ToolCheckStock, Description: "Ask the inventory how many of a product are in stock"}, inventory.checkStock)

	// The resource is cfg.Resource byte for byte: a client compares it with
	// the URL it called (RFC 9728 §3.3) and refuses anything else.
	metadata := auth.ProtectedResourceMetadataHandler(&oauthex.ProtectedResourceMetadata{
		Resource:               cfg.Resource,
		AuthorizationServers:   []string{cfg.Issuer},
		ScopesSupported:        []string{cfg.Scope},
		BearerMethodsSupported: []string{"header"},
	})
	// RFC 9728 §3.1: the resource's path goes after the well-known path.
	metadataAt := metadataPath + strings.TrimSuffix(mcpPath, "/")
	metadataURL := resource.Scheme + "://" + resource.Host + metadataAt

	gate := &bearerGate{
		keys:        &keySet{issuer: cfg.Issuer, http: &http.Client{Timeout: 5 * time.Second}},
		issuer:      cfg.Issuer,
		audience:    cfg.Resource,
		scope:       cfg.Scope,
		metadataURL: metadataURL,
	}
	mcpHandler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)

	mux := http.NewServeMux()
	mux.Handle(metadataAt, metadata)
	if metadataAt != metadataPath {
		// Also at the bare path, where clients look when the other fails.
		mux.Handle(metadataPath, metadata)
	}
	mux.Handle(mcpPath, gate.protect(mcpHandler))
	return mux, nil
}

// bearerGate lets through only requests whose bearer token the
// authorization server signed for this resource with the required scope.
type bearerGate struct {
	keys        *keySet
	issuer      string
	audience    string
	scope       string
	metadataURL string
}

// verifiedKey carries a request's verified TokenInfo from the gate to
// auth.RequireBearerToken, the SDK's only way to put it where tool handlers
// read it (req.Extra.TokenInfo) and where sessions are bound to their user.
type verifiedKey struct{}

// protect wraps next. Every refusal carries a challenge a client can act on
// (RFC 6750 §3, RFC 9728 §5.1): where the metadata is and which scope to
// ask for; error= says whether the token was bad (401) or too weak (403).
func (g *bearerGate) protect(next http.Handler) http.Handler {
	handOver := auth.RequireBearerToken(func(ctx context.Context, _ string, _ *http.Request) (*auth.TokenInfo, error) {
		if info, ok := ctx.Value(verifiedKey{}).(*auth.TokenInfo); ok {
			return info, nil
		}
		return nil, auth.ErrInvalidToken
	}, nil)(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
		if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
			g.refuse(w, http.StatusUnauthorized, "")
			return
		}
		info, err := g.verify(r.Context(), token)
		if err != nil {
			g.refuse(w, http.StatusUnauthorized, "invalid_token")
			return
		}
		if !slices.Contains(info.Scopes, g.scope) {
			g.refuse(w, http.StatusForbidden, "insufficient_scope")
			return
		}
		handOver.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), verifiedKey{}, info)))
	})
}

// refuse answers status with a Bearer challenge; errorCode is left out when
// no token was sent (RFC 6750 §3.1). The reason a token failed stays in
// the server: telling the caller would help an attacker tune a forgery.
func (g *bearerGate) refuse(w http.ResponseWriter, status int, errorCode string) {
	params := []string{}
	if errorCode != "" {
		params = append(params, fmt.Sprintf("error=%q", errorCode))
	}
	params = append(params, fmt.Sprintf("scope=%q", g.scope), fmt.Sprintf("resource_metadata=%q", g.metadataURL))
	w.Header().Set("WWW-Authenticate", "Bearer "+strings.Join(params, ", "))
	http.Error(w, http.StatusText(status), status)
}

// accessClaims are the claims of a JWT access token (RFC 9068 §2.2).
type accessClaims struct {
	Scope string `json:"scope"`
	jwt.RegisteredClaims
}

// verify checks the token's signature with a key the authorization server
// publishes, with that key's own algorithm (never none, never HMAC), and
// its claims: iss exactly the issuer, aud this resource, exp present and
// in the future.
func (g *bearerGate) verify(ctx context.Context, raw string) (*auth.TokenInfo, error) {
	claims := &accessClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		key, err := g.keys.key(ctx, kid)
		if err != nil {
			return nil, err
		}
		if tok.Method.Alg() != key.Algorithm {
			return nil, fmt.Errorf("token signed with %s, but key %q is for %s", tok.Method.Alg(), kid, key.Algorithm)
		}
		return key.Key, nil
	},
		jwt.WithValidMethods(asymmetricAlgorithms),
		jwt.WithIssuer(g.issuer),
		jwt.WithAudience(g.audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(30*time.Second),
	)
	if err != nil {
		return nil, err
	}
	if claims.Subject == "" {
		return nil, errors.New("the token names no subject")
	}
	return &auth.TokenInfo{Scopes: strings.Fields(claims.Scope), Expiration: claims.ExpiresAt.Time, UserID: claims.Subject}, nil
}

// asymmetricAlgorithms are the only algorithms a token may use: those the
// MCP authorization server signs with. HMAC would let anyone holding the
// public key forge tokens; none would need no key at all.
var asymmetricAlgorithms = []string{"RS256", "ES256"}

// refreshInterval is the least time between two JWKS fetches that an
// unknown kid causes, so that forged kids cannot make this server flood
// the authorization server.
const refreshInterval = 30 * time.Second

// keySet is the authorization server's JWKS, found through its metadata,
// cached, and fetched again when a token names a kid it does not hold
// (key rotation), at most once per refreshInterval.
type keySet struct {
	issuer string
	http   *http.Client

	mu          sync.Mutex
	keys        map[string]jose.JSONWebKey
	loaded      bool      // the first fetch succeeded
	lastRefresh time.Time // of the last fetch since, or of a failed one
}

// key returns the published signing key kid. The lock is held across a
// fetch, so that many requests with new kids cause one fetch, not many.
func (s *keySet) key(ctx context.Context, kid string) (jose.JSONWebKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[kid]; ok {
		return k, nil
	}
	if !s.lastRefresh.IsZero() && time.Since(s.lastRefresh) < refreshInterval {
		return jose.JSONWebKey{}, fmt.Errorf("unknown kid %q; the key set was fetched moments ago", kid)
	}
	if s.loaded {
		s.lastRefresh = time.Now()
	}
	// Not the request's own context: a client that hangs up must not make
	// the fetch fail, and so hold back the next one.
	keys, err := s.fetch(context.WithoutCancel(ctx))
	if err != nil {
		s.lastRefresh = time.Now()
		return jose.JSONWebKey{}, err
	}
	s.keys, s.loaded = keys, true
	if k, ok := s.keys[kid]; ok {
		return k, nil
	}
	return jose.JSONWebKey{}, fmt.Errorf("unknown kid %q", kid)
}

// fetch reads the authorization server's metadata (RFC 8414), checks that
// it speaks for the issuer, and reads the signing keys of its jwks_uri.
func (s *keySet) fetch(ctx context.Context) (map[string]jose.JSONWebKey, error) {
	u, err := url.Parse(s.issuer)
	if err != nil {
		return nil, fmt.Errorf("issuer %q: %w", s.issuer, err)
	}
	// RFC 8414 §3.1: the well-known path goes before the issuer's own path.
	u.Path = "/.well-known/oauth-authorization-server" + strings.TrimSuffix(u.Path, "/")
	var meta struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := s.getJSON(ctx, u.String(), &meta); err != nil {
		return nil, err
	}
	if meta.Issuer != s.issuer { // RFC 8414 §3.3
		return nil, fmt.Errorf("metadata speaks for issuer %q, not %q", meta.Issuer, s.issuer)
	}
	var set jose.JSONWebKeySet
	if err := s.getJSON(ctx, meta.JWKSURI, &set); err != nil {
		return nil, err
	}
	keys := map[string]jose.JSONWebKey{}
	for _, k := range set.Keys {
		k.Algorithm = keyAlgorithm(k)
		if k.IsPublic() && (k.Use == "" || k.Use == "sig") && slices.Contains(asymmetricAlgorithms, k.Algorithm) {
			keys[k.KeyID] = k
		}
	}
	return keys, nil
}

// keyAlgorithm is the algorithm a JWK is for: its alg, or, where the
// provider leaves alg out (Microsoft Entra ID does), the one its key type
// implies. Either way it comes from the key set, never from the token.
func keyAlgorithm(k jose.JSONWebKey) string {
	if k.Algorithm != "" {
		return k.Algorithm
	}
	switch key := k.Key.(type) {
	case *rsa.PublicKey:
		return "RS256"
	case *ecdsa.PublicKey:
		if key.Curve == elliptic.P256() {
			return "ES256"
		}
	}
	return ""
}

func (s *keySet) getJSON(ctx context.Context, target string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", target, resp.Status)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(v)
}

// inventoryClient calls the inventory API with the server's own key. The
// caller's token was issued for this server (its aud), not for the
// inventory: forwarding it would make this server a confused deputy.
type inventoryClient struct {
	url  string
	key  string
	http *http.Client
}

func (c *inventoryClient) checkStock(ctx context.Context, _ *mcp.CallToolRequest, args oauthconfig.StockArgs) (*mcp.CallToolResult, any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/stock/"+strconv.Itoa(args.ID), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("the inventory did not answer: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("the inventory answered %s", resp.Status)
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(body)}}}, nil, nil
}
