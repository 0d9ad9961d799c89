package oauthcheck

// A resource server with switchable flaws, for the mutants: with no flaw
// set it is a correct stage 6 (TestFlawlessServerPasses proves it), and
// each flaw is one classic mistake.

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"authlab/grader/gradertest"
	"authlab/internal/oauthconfig"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// flaws are the mistakes a flawed server makes; the zero value makes none.
type flaws struct {
	metadataResource    func(cfg oauthconfig.Config) string // the resource its metadata names
	challengeNoMetadata bool                                // 401 without resource_metadata
	unverifiedOnUnknown bool                                // a kid it lacks: claims read unverified
	hmacWithPublicKey   bool                                // HS256 verified with the public key's PEM
	acceptNone          bool                                // alg none accepted
	noAudience          bool                                // aud not checked
	noIssuer            bool                                // iss not checked
	noExpiry            bool                                // exp not checked
	noScope             bool                                // the scope not required
	forbiddenNoError    bool                                // 403 without error="insufficient_scope"
	forwardToken        bool                                // the caller's token sent to the inventory
	fetchOnce           bool                                // the JWKS never fetched again
	onlyES256           bool                                // ES256 pinned, whatever the keys are for
	refetchEveryUnknown bool                                // the JWKS fetched again for every unknown kid
	postOnly            bool                                // only POST /mcp guarded
	queryToken          bool                                // ?access_token= read when no header came
}

// flawed returns a Target whose server makes the mistakes f.
func flawed(f flaws) Target {
	return Target{NewServer: func(cfg oauthconfig.Config, server *mcp.Server) (http.Handler, error) {
		s := &flawedServer{f: f, cfg: cfg}
		mcp.AddTool(server, &mcp.Tool{Name: oauthconfig.ToolCheckStock}, s.checkStock)
		resource := cfg.Resource
		if f.metadataResource != nil {
			resource = f.metadataResource(cfg)
		}
		metadata := auth.ProtectedResourceMetadataHandler(&oauthex.ProtectedResourceMetadata{
			Resource: resource, AuthorizationServers: []string{cfg.Issuer}, ScopesSupported: []string{cfg.Scope},
		})
		base := strings.TrimSuffix(cfg.Resource, "/mcp")
		s.metadataURL = base + "/.well-known/oauth-protected-resource/mcp"
		mux := http.NewServeMux()
		mux.Handle("/.well-known/oauth-protected-resource/mcp", metadata)
		mcpHandler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
		if f.postOnly {
			mux.Handle("POST /mcp", s.protect(mcpHandler))
			mux.Handle("/mcp", mcpHandler)
		} else {
			mux.Handle("/mcp", s.protect(mcpHandler))
		}
		return mux, nil
	}}
}

type flawedServer struct {
	f           flaws
	cfg         oauthconfig.Config
	metadataURL string

	mu        sync.Mutex
	keys      *jose.JSONWebKeySet
	refetched time.Time // when an unknown kid last made it fetch the JWKS
}

type tokenKey struct{}

func (s *flawedServer) protect(next http.Handler) http.Handler {
	handOver := auth.RequireBearerToken(func(ctx context.Context, _ string, _ *http.Request) (*auth.TokenInfo, error) {
		return ctx.Value(tokenKey{}).(*auth.TokenInfo), nil
	}, nil)(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok && s.f.queryToken {
			token = r.URL.Query().Get("access_token")
			ok = token != ""
			r.Header.Set("Authorization", "Bearer "+token)
		}
		if !ok || token == "" {
			s.refuse(w, http.StatusUnauthorized, "")
			return
		}
		info, err := s.verify(r.Context(), token)
		if err != nil {
			s.refuse(w, http.StatusUnauthorized, "invalid_token")
			return
		}
		if !s.f.noScope && !slices.Contains(info.Scopes, s.cfg.Scope) {
			code := "insufficient_scope"
			if s.f.forbiddenNoError {
				code = ""
			}
			s.refuse(w, http.StatusForbidden, code)
			return
		}
		ctx := context.WithValue(r.Context(), tokenKey{}, info)
		handOver.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *flawedServer) refuse(w http.ResponseWriter, status int, code string) {
	var params []string
	if code != "" {
		params = append(params, fmt.Sprintf("error=%q", code))
	}
	params = append(params, fmt.Sprintf("scope=%q", s.cfg.Scope))
	if !s.f.challengeNoMetadata {
		params = append(params, fmt.Sprintf("resource_metadata=%q", s.metadataURL))
	}
	w.Header().Set("WWW-Authenticate", "Bearer "+strings.Join(params, ", "))
	http.Error(w, http.StatusText(status), status)
}

func (s *flawedServer) jwks(refresh bool) (*jose.JSONWebKeySet, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys != nil && (!refresh || s.f.fetchOnce) {
		return s.keys, nil
	}
	if s.keys != nil {
		if !s.f.refetchEveryUnknown && time.Since(s.refetched) < 10*time.Second {
			return s.keys, nil
		}
		s.refetched = time.Now()
	}
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := getJSON(s.cfg.Issuer+"/.well-known/oauth-authorization-server", &meta); err != nil {
		return nil, err
	}
	set := &jose.JSONWebKeySet{}
	if err := getJSON(meta.JWKSURI, set); err != nil {
		return nil, err
	}
	s.keys = set
	return set, nil
}

type claims struct {
	Scope string `json:"scope"`
	jwt.RegisteredClaims
}

func (s *flawedServer) verify(_ context.Context, raw string) (*auth.TokenInfo, error) {
	c := &claims{}
	opts := []jwt.ParserOption{jwt.WithExpirationRequired()}
	if !s.f.noIssuer {
		opts = append(opts, jwt.WithIssuer(s.cfg.Issuer))
	}
	if !s.f.noAudience {
		opts = append(opts, jwt.WithAudience(s.cfg.Resource))
	}
	if s.f.noExpiry {
		opts = []jwt.ParserOption{jwt.WithoutClaimsValidation()}
	}
	switch {
	case s.f.onlyES256:
		opts = append(opts, jwt.WithValidMethods([]string{"ES256"}))
	case !s.f.hmacWithPublicKey && !s.f.acceptNone:
		opts = append(opts, jwt.WithValidMethods([]string{"ES256", "RS256"}))
	}
	var unverified bool
	_, err := jwt.ParseWithClaims(raw, c, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		set, err := s.jwks(false)
		if err != nil {
			return nil, err
		}
		keys := set.Key(kid)
		if len(keys) == 0 {
			if set, err = s.jwks(true); err != nil {
				return nil, err
			}
			keys = set.Key(kid)
		}
		if len(keys) == 0 {
			if s.f.unverifiedOnUnknown {
				unverified = true
			}
			return nil, fmt.Errorf("unknown kid %q", kid)
		}
		switch {
		case s.f.acceptNone && tok.Method == jwt.SigningMethodNone:
			return jwt.UnsafeAllowNoneSignatureType, nil
		case s.f.hmacWithPublicKey && strings.HasPrefix(tok.Method.Alg(), "HS"):
			der, err := x509.MarshalPKIXPublicKey(keys[0].Key)
			if err != nil {
				return nil, err
			}
			return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
		}
		return keys[0].Key, nil
	}, opts...)
	if err != nil && unverified {
		if _, _, perr := jwt.NewParser().ParseUnverified(raw, c); perr != nil {
			return nil, perr
		}
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if s.f.noExpiry && (c.Issuer != s.cfg.Issuer || !slices.Contains(c.Audience, s.cfg.Resource)) {
		return nil, fmt.Errorf("wrong iss or aud")
	}
	return &auth.TokenInfo{Scopes: strings.Fields(c.Scope), UserID: c.Subject, Expiration: expiry(c)}, nil
}

// expiry is the token's exp, or a time far ahead when the flawed server
// reads none (RequireBearerToken insists on one).
func expiry(c *claims) time.Time {
	if c.ExpiresAt == nil || c.ExpiresAt.Before(time.Now()) {
		return time.Now().Add(time.Hour)
	}
	return c.ExpiresAt.Time
}

func (s *flawedServer) checkStock(ctx context.Context, req *mcp.CallToolRequest, args oauthconfig.StockArgs) (*mcp.CallToolResult, any, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.InventoryURL+"/stock/"+strconv.Itoa(args.ID), nil)
	if err != nil {
		return nil, nil, err
	}
	credential := s.cfg.InventoryKey
	if s.f.forwardToken {
		credential = req.Extra.Header.Get("Authorization")[len("Bearer "):]
	}
	r.Header.Set("Authorization", "Bearer "+credential)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: b.String()}}}, nil, nil
}

// TestFlawlessServerPasses proves the mutants' server, with no flaw, is a
// correct stage 6: a mutant is then wrong only by its flaw.
func TestFlawlessServerPasses(t *testing.T) {
	results := gradertest.RunAll(t, append(Checks(flawed(flaws{})), Deep(flawed(flaws{}))...))
	for id, r := range results {
		if !r.Pass {
			t.Errorf("%s: %s", id, gradertest.Describe(r))
		}
	}
}
