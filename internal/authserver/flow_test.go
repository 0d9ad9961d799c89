package authserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
)

// The resource and scopes the tests' servers serve.
const (
	testResource = "http://127.0.0.1:8931/mcp"
	testRedirect = "http://127.0.0.1:49152/callback"
)

var testScopes = []string{"mcp:tools", "mcp:admin"}

// startServer starts a Server for testResource and testScopes plus opts,
// closed when the test ends.
func startServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	opts = append([]Option{WithResource(testResource), WithScopes(testScopes...)}, opts...)
	s, err := Start(t.Context(), opts...)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// discovery is the part of the metadata document the tests read.
type discovery struct {
	Issuer                        string   `json:"issuer"`
	AuthorizationEndpoint         string   `json:"authorization_endpoint"`
	TokenEndpoint                 string   `json:"token_endpoint"`
	JWKSURI                       string   `json:"jwks_uri"`
	RegistrationEndpoint          string   `json:"registration_endpoint"`
	ScopesSupported               []string `json:"scopes_supported"`
	ResponseTypesSupported        []string `json:"response_types_supported"`
	GrantTypesSupported           []string `json:"grant_types_supported"`
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
}

// getJSON GETs url and decodes its 200 JSON answer into v, failing the test
// on error.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	if err := fetchJSON(url, v); err != nil {
		t.Fatal(err)
	}
}

// fetchJSON GETs url and decodes its 200 JSON answer into v.
func fetchJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return fmt.Errorf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d, want 200", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("GET %s: decode: %v", url, err)
	}
	return nil
}

// metadata fetches s's OpenID discovery document.
func metadata(t *testing.T, s *Server) discovery {
	t.Helper()
	var d discovery
	getJSON(t, s.Issuer()+"/.well-known/openid-configuration", &d)
	return d
}

// jwks fetches s's key set from the jwks_uri its metadata names.
func jwks(t *testing.T, s *Server) *jose.JSONWebKeySet {
	t.Helper()
	set := &jose.JSONWebKeySet{}
	getJSON(t, metadata(t, s).JWKSURI, set)
	return set
}

// flow is one authorization code request: the parameters a client sends.
type flow struct {
	clientID  string
	resource  string // sent at /authorize and /token when set
	scopes    []string
	challenge func(verifier string) oauth2.AuthCodeOption
}

// defaultFlow is what a well-behaved client sends.
func defaultFlow(s *Server) flow {
	return flow{clientID: s.ClientID(), resource: testResource, scopes: testScopes, challenge: oauth2.S256ChallengeOption}
}

// config is the oauth2 client configuration for f against s's metadata.
func (f flow) config(t *testing.T, s *Server) *oauth2.Config {
	d := metadata(t, s)
	return &oauth2.Config{
		ClientID:    f.clientID,
		Endpoint:    oauth2.Endpoint{AuthURL: d.AuthorizationEndpoint, TokenURL: d.TokenEndpoint, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: testRedirect,
		Scopes:      f.scopes,
	}
}

// authorize runs the browser's part of the flow: GET the authorization
// URL and follow redirects until one leads to the client's redirect URI.
// It returns that redirect's query, or an error naming where it stopped.
func (f flow) authorize(t *testing.T, s *Server, verifier string) (url.Values, error) {
	t.Helper()
	state := "state-" + verifier[:8]
	opts := []oauth2.AuthCodeOption{}
	if f.challenge != nil {
		opts = append(opts, f.challenge(verifier))
	}
	if f.resource != "" {
		opts = append(opts, oauth2.SetAuthURLParam("resource", f.resource))
	}
	browser := &http.Client{CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), testRedirect) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := browser.Get(f.config(t, s).AuthCodeURL(state, opts...))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	loc, _ := resp.Location()
	if resp.StatusCode != http.StatusFound || loc == nil || !strings.HasPrefix(loc.String(), testRedirect) {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return nil, fmt.Errorf("authorization stopped at %s: %s: %s", resp.Request.URL.Path, resp.Status, body)
	}
	q := loc.Query()
	if q.Get("error") != "" {
		return nil, fmt.Errorf("authorization refused: %s: %s", q.Get("error"), q.Get("error_description"))
	}
	if q.Get("state") != state {
		t.Fatalf("redirect state = %q, want %q", q.Get("state"), state)
	}
	return q, nil
}

// exchange trades code for a token at the token endpoint.
func (f flow) exchange(t *testing.T, s *Server, code, verifier string) (*oauth2.Token, error) {
	t.Helper()
	opts := []oauth2.AuthCodeOption{oauth2.VerifierOption(verifier)}
	if f.resource != "" {
		opts = append(opts, oauth2.SetAuthURLParam("resource", f.resource))
	}
	return f.config(t, s).Exchange(context.Background(), code, opts...)
}

// run is the whole flow with a fresh verifier; it fails the test on error.
func (f flow) run(t *testing.T, s *Server) *oauth2.Token {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	q, err := f.authorize(t, s, verifier)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := f.exchange(t, s, q.Get("code"), verifier)
	if err != nil {
		t.Fatalf("token exchange: %v", err)
	}
	return tok
}

// accessClaims are the access token claims the tests check.
type accessClaims struct {
	jwt.RegisteredClaims
	Scope    string `json:"scope"`
	ClientID string `json:"client_id"`
}

// verify checks raw's signature against set, pinned to alg, with exp
// required and the issuer and audience a resource server would demand.
func verify(raw string, set *jose.JSONWebKeySet, alg Algorithm, issuer, audience string) (*jwt.Token, *accessClaims, error) {
	claims := &accessClaims{}
	tok, err := jwt.ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		keys := set.Key(kid)
		if len(keys) != 1 {
			return nil, fmt.Errorf("kid %q is not in the JWKS", kid)
		}
		return keys[0].Key, nil
	},
		jwt.WithValidMethods([]string{string(alg)}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithLeeway(time.Second),
	)
	if err != nil {
		return nil, nil, err
	}
	return tok, claims, nil
}

// oauthError is the error code of a token endpoint refusal, or "".
func oauthError(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.ErrorCode
	}
	return ""
}
