package refresh

// This file is stage 2's access-token code, given: logging in, signing and
// checking HS256 access tokens, and the OAuth 2.0 answer shapes. Stage 5
// is about refresh tokens alone; they are in refresh.go.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/jwtdates"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

// Claims are the claims of an access token.
type Claims struct {
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	jwt.RegisteredClaims
}

// UnmarshalJSON decodes the claims and refuses a date written as a string
// (RFC 7519 §2 makes exp, nbf and iat JSON numbers).
func (c *Claims) UnmarshalJSON(b []byte) error {
	if err := jwtdates.Check(b); err != nil {
		return err
	}
	type plain Claims // the same fields, without this method
	return json.Unmarshal(b, (*plain)(c))
}

// checkAccessConfig refuses a configuration the access tokens cannot be
// issued and checked safely with: a short or empty key, no issuer,
// audience, users or lifetime.
func checkAccessConfig(cfg jwtconfig.Config) error {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return fmt.Errorf("the signing key is %d bytes; it must be at least %d (set %s)",
			len(cfg.SigningKey), jwtconfig.MinKeyLen, jwtconfig.KeyEnv)
	}
	if cfg.Issuer == "" || cfg.Audience == "" || cfg.Users == nil || cfg.TokenTTL <= 0 {
		return errors.New("the configuration needs an issuer, an audience, users and a token lifetime")
	}
	return nil
}

// loginRequest is the body of POST /login.
type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// readLogin reads the user name and password of POST /login; ok is false
// when the body is not the JSON it should be.
func readLogin(w http.ResponseWriter, r *http.Request) (req loginRequest, ok bool) {
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req)
	return req, err == nil && req.Username != "" && req.Password != ""
}

// authenticate checks the password. For an unknown user it still verifies
// against a dummy hash, so both failures take the same time.
func authenticate(store *users.Store, username, password string) (users.User, bool) {
	user, found := store.Lookup(username)
	hash := users.DummyHash
	if found {
		hash = user.PasswordHash
	}
	ok, err := users.VerifyPassword(hash, password)
	return user, found && ok && err == nil
}

// tokenResponse is an OAuth 2.0 token response (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// tokenError is an OAuth 2.0 error response (RFC 6749 §5.2).
type tokenError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// noStore marks an answer that carries or refuses credentials as one no
// cache may keep, HTTP/1.1 or HTTP/1.0 (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// writeTokens answers 200 with the token response.
func writeTokens(w http.ResponseWriter, resp tokenResponse) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// refuseToken answers the OAuth 2.0 way: 400 and an error code (RFC 6749
// §5.2), such as invalid_request or invalid_grant.
func refuseToken(w http.ResponseWriter, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(tokenError{Error: code, Description: description})
}

// IssueToken signs an access token for user, valid from now for the
// configured lifetime.
func IssueToken(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// ParseToken verifies an access token and returns its claims: only HS256,
// exp required, and iss and aud must be ours.
func ParseToken(cfg jwtconfig.Config, raw string) (*Claims, error) {
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// RequireToken lets through only requests with a valid bearer access token.
func RequireToken(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		token = strings.TrimLeft(token, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		if _, err := ParseToken(cfg, token); err != nil {
			// The reason stays on the server: never echo or log the token.
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
