// Package rbac is stage 3 of authlab: role-based access. A valid token is
// not enough any more: its user must exist and it must carry the User.Read
// permission, and the verified identity is handed on to the MCP handlers.
//
// This is the reference solution. Token validation is stage 2's, unchanged.
package rbac

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/jwtdates"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

// RequiredPermission is what a caller needs to use the MCP server at all.
const RequiredPermission = "User.Read"

// Claims are the claims of an access token.
type Claims struct {
	Name        string      `json:"name"`
	Permissions Permissions `json:"permissions"`
	jwt.RegisteredClaims
}

// UnmarshalJSON decodes the claims and refuses a date written as a string:
// RFC 7519 §2 makes exp, nbf and iat JSON numbers, and the embedded
// RegisteredClaims would accept "exp": "1893456000".
func (c *Claims) UnmarshalJSON(b []byte) error {
	if err := jwtdates.Check(b); err != nil {
		return err
	}
	type plain Claims // the same fields, without this method
	return json.Unmarshal(b, (*plain)(c))
}

// Permissions is the permissions claim. Anything but a JSON array of
// strings grants nothing: the token is still authentic, so its holder gets
// 403, not 401, and never a 500.
type Permissions []string

// UnmarshalJSON implements json.Unmarshaler.
func (p *Permissions) UnmarshalJSON(b []byte) error {
	var list []string
	if json.Unmarshal(b, &list) != nil {
		list = nil
	}
	*p = list
	return nil
}

// NewServer returns the lab's HTTP handler: /mcp serves mcpHandler to
// callers with a valid token, an existing user and RequiredPermission.
func NewServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return nil, fmt.Errorf("the signing key is %d bytes; it must be at least %d (set %s)",
			len(cfg.SigningKey), jwtconfig.MinKeyLen, jwtconfig.KeyEnv)
	}
	// Fail closed: without users nobody could be looked up, and without an
	// issuer or audience any token of the same key would do.
	if cfg.Issuer == "" || cfg.Audience == "" || cfg.Users == nil {
		return nil, errors.New("the configuration needs an issuer, an audience and users")
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", RequirePermission(cfg, RequiredPermission, mcpHandler))
	return mux, nil
}

// leeway is the clock skew tolerated on exp and nbf: seconds, not minutes.
const leeway = 5 * time.Second

// ParseToken verifies raw with stage 2's rules: only HS256, exp required,
// our issuer and audience.
func ParseToken(cfg jwtconfig.Config, raw string) (*Claims, error) {
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(leeway),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// RequirePermission lets a request through only when its token is valid
// and its user exists (else 401), and it carries perm (else 403). The order
// matters: a token that is invalid, or whose user is gone, is 401 even if it
// lacks the permission too, since the client should get a new token, not
// give up.
func RequirePermission(cfg jwtconfig.Config, perm string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// "Bearer", one or more spaces, the token (RFC 6750 §2.1).
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		token = strings.TrimLeft(token, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		claims, err := ParseToken(cfg, token)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		// The identity comes from the verified token only, never from
		// another header or the request body. A token whose user is gone
		// is as good as revoked: invalid_token (RFC 6750 §3.1), so the
		// client logs in again, and that login fails.
		if _, found := cfg.Users.Lookup(claims.Subject); !found {
			w.Header().Set("WWW-Authenticate", `Bearer realm="authlab", error="invalid_token", error_description="unknown user"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		// Exact match: no case folding, no prefixes, no trimming.
		if !slices.Contains(claims.Permissions, perm) {
			forbid(w, perm)
			return
		}
		info := &auth.TokenInfo{UserID: claims.Subject, Scopes: claims.Permissions, Expiration: claims.ExpiresAt.Time}
		withTokenInfo(info, next).ServeHTTP(w, r)
	})
}

// forbid answers 403 for a valid token that may not do this (RFC 6750 §3.1).
func forbid(w http.ResponseWriter, perm string) {
	w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="authlab", error="insufficient_scope", scope=%q`, perm))
	http.Error(w, "Forbidden", http.StatusForbidden)
}

// withTokenInfo hands info to the MCP handlers, which see it as
// req.Extra.TokenInfo. The go-sdk reads it from the request's context, where
// only auth.RequireBearerToken can put it, so the already verified info is
// given to it as the result of a verifier that has nothing left to check.
func withTokenInfo(info *auth.TokenInfo, next http.Handler) http.Handler {
	verified := func(context.Context, string, *http.Request) (*auth.TokenInfo, error) { return info, nil }
	return auth.RequireBearerToken(verified, &auth.RequireBearerTokenOptions{ClockSkew: recheckSkew})(next)
}

// recheckSkew is the tolerance RequireBearerToken applies when it checks
// Expiration again. Without it, a token ParseToken accepted within its
// leeway would be refused here, with a 401 that carries no challenge. The
// extra second covers the moment between the two checks: the decision is
// ParseToken's alone.
const recheckSkew = leeway + time.Second
