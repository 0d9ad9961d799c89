package authserver

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// errNoRefresh answers every refresh and revocation path: this server
// issues short access tokens only, so a flow that needs more fails loudly.
var errNoRefresh = errors.New("authserver issues no refresh tokens; run the authorization code flow again")

// memoryStorage is the provider's op.Storage: clients, pending
// authorization requests and codes in memory, keys from the key ring.
// Nothing outlives the Server.
type memoryStorage struct {
	keys     *keyRing
	lifetime time.Duration
	subject  string

	mu       sync.Mutex
	clients  map[string]*publicClient
	requests map[string]*authRequest
	codes    map[string]string // code → request id
}

var _ op.Storage = (*memoryStorage)(nil)
var _ op.CanGetPrivateClaimsFromRequest = (*memoryStorage)(nil)

func newMemoryStorage(keys *keyRing, lifetime time.Duration, subject string) *memoryStorage {
	return &memoryStorage{
		keys:     keys,
		lifetime: lifetime,
		subject:  subject,
		clients:  map[string]*publicClient{},
		requests: map[string]*authRequest{},
		codes:    map[string]string{},
	}
}

// addClient registers c, replacing any client with its id.
func (s *memoryStorage) addClient(c *publicClient) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c.id] = c
}

// CreateAuthRequest stores a request from /authorize. PKCE with S256 is
// required: a public client has no other proof that it is the one that
// started the flow.
func (s *memoryStorage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE is required: send code_challenge with code_challenge_method=S256")
	}
	a := &authRequest{
		id:            rand.Text(),
		clientID:      req.ClientID,
		redirectURI:   req.RedirectURI,
		state:         req.State,
		nonce:         req.Nonce,
		scopes:        req.Scopes,
		resource:      resourceFromContext(ctx),
		codeChallenge: &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		responseType:  req.ResponseType,
		responseMode:  req.ResponseMode,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[a.id] = a
	return a, nil
}

// approve marks the request id as consented to by the test user.
func (s *memoryStorage) approve(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok {
		return errors.New("authserver: no pending authorization request has this id; start again at /authorize")
	}
	a.subject, a.authTime, a.done = s.subject, time.Now(), true
	return nil
}

func (s *memoryStorage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok {
		return nil, errors.New("authorization request not found")
	}
	return a, nil
}

func (s *memoryStorage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[s.codes[code]]
	if !ok {
		return nil, errors.New("authorization code not found or already used")
	}
	return a, nil
}

func (s *memoryStorage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest forgets the request and its code, so a code works once.
func (s *memoryStorage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, reqID := range s.codes {
		if reqID == id {
			delete(s.codes, code)
		}
	}
	return nil
}

func (s *memoryStorage) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return rand.Text(), time.Now().Add(s.lifetime), nil
}

func (s *memoryStorage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errNoRefresh
}

func (s *memoryStorage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, errNoRefresh
}

func (s *memoryStorage) TerminateSession(context.Context, string, string) error { return nil }

func (s *memoryStorage) RevokeToken(context.Context, string, string, string) *oidc.Error {
	return oidc.ErrUnsupportedGrantType().WithDescription("%s", errNoRefresh)
}

func (s *memoryStorage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *memoryStorage) SigningKey(context.Context) (op.SigningKey, error) {
	return s.keys.current(), nil
}

func (s *memoryStorage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.SignatureAlgorithm(s.keys.algorithm)}, nil
}

func (s *memoryStorage) KeySet(context.Context) ([]op.Key, error) { return s.keys.published(), nil }

func (s *memoryStorage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[id]
	if !ok {
		return nil, errors.New("client not found: use the pre-registered client id or register one")
	}
	return c, nil
}

func (s *memoryStorage) AuthorizeClientIDSecret(context.Context, string, string) error {
	return errors.New("clients here are public and have no secret: authenticate with PKCE")
}

func (s *memoryStorage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *memoryStorage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, _, subject, _ string) error {
	info.Subject = subject
	return nil
}

func (s *memoryStorage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, _, subject, clientID string) error {
	resp.Active, resp.Subject, resp.ClientID = true, subject, clientID
	return nil
}

func (s *memoryStorage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// GetPrivateClaimsFromRequest adds the granted scopes to the access token
// as one space-separated "scope" claim (RFC 9068 §2.2.3).
func (s *memoryStorage) GetPrivateClaimsFromRequest(_ context.Context, req op.TokenRequest, _ []string) (map[string]any, error) {
	return map[string]any{"scope": strings.Join(req.GetScopes(), " ")}, nil
}

func (s *memoryStorage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT client assertions are not supported")
}

func (s *memoryStorage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("the JWT profile grant is not supported")
}

func (s *memoryStorage) Health(context.Context) error { return nil }
