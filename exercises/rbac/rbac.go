// Package rbac is stage 3 of authlab: role-based access. A valid token is
// not enough any more: its user must exist and it must carry the User.Read
// permission, and the verified identity is handed on to the MCP handlers.
// Token validation is stage 2's and is written for you. Read the lesson,
// then fill in the TODOs. Run the checks with `c` in the lab or
// `authlab check rbac`.
package rbac

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/jwtdates"

	"github.com/golang-jwt/jwt/v5"
)

// RequiredPermission is what a caller needs to use the MCP server at all.
const RequiredPermission = "User.Read"

// Claims are the claims of an access token.
type Claims struct {
	Name string `json:"name"`
	// TODO: a permissions claim that is not a list of strings makes
	// ParseWithClaims fail, and the caller gets 401 although the token is
	// authentic. Give Permissions a type whose UnmarshalJSON never fails
	// and grants nothing for anything but a list of strings.
	Permissions []string `json:"permissions"`
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

// NewServer returns the lab's HTTP handler: /mcp serves mcpHandler to
// callers with a valid token, an existing user and RequiredPermission.
func NewServer(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
	if len(cfg.SigningKey) < jwtconfig.MinKeyLen {
		return nil, fmt.Errorf("the signing key is %d bytes; it must be at least %d (set %s)",
			len(cfg.SigningKey), jwtconfig.MinKeyLen, jwtconfig.KeyEnv)
	}
	if cfg.Issuer == "" || cfg.Audience == "" {
		// golang-jwt's WithIssuer("") checks nothing: fail closed.
		return nil, errors.New("the configuration needs an issuer and an audience")
	}
	// TODO: refuse to start without a user store (cfg.Users == nil), as
	// for a short key: fail closed.
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
// and its user exists (else 401), and it carries perm (else 403).
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
		_ = claims

		// TODO: the token's user (claims.Subject) must exist in cfg.Users;
		// otherwise the token is as good as revoked: 401 with
		// WWW-Authenticate: Bearer error="invalid_token",
		// error_description="unknown user".

		// TODO: claims.Permissions must contain perm, compared exactly;
		// otherwise 403 with
		// WWW-Authenticate: Bearer error="insufficient_scope", scope="<perm>".

		// TODO: hand the verified identity to the MCP handlers as an
		// auth.TokenInfo{UserID, Scopes, Expiration}: they read it as
		// req.Extra.TokenInfo. The go-sdk takes it from the request context,
		// where auth.RequireBearerToken(verifier, opts) puts what its
		// verifier returns. It checks Expiration again, with no leeway
		// unless opts.ClockSkew gives one: make that more than leeway, so
		// it never refuses a token ParseToken accepted.
		next.ServeHTTP(w, r) // For now every valid token gets through.
	})
}
