// Package pertoolcheck holds the checks of stage 4, per-tool-rbac: one
// receiving middleware inside the MCP server decides, on every request and
// from the verified identity, which tools a caller may call and see, with
// any-of permissions and deny by default.
package pertoolcheck

import (
	"context"
	"net/http"
	"strings"

	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Target is the stage-4 code under test, as the learner's package exports it.
type Target struct {
	// Protect installs the learner's per-tool check on the MCP server.
	Protect func(s *mcp.Server)
}

// httpLayer is the grader's own, correct stage-3 front: it verifies the
// token and hands the identity on as auth.TokenInfo, demanding no
// particular permission, so the checks judge the learner's MCP-level code
// alone.
func httpLayer(cfg jwtconfig.Config, next http.Handler) (http.Handler, error) {
	verify := func(_ context.Context, raw string, _ *http.Request) (*auth.TokenInfo, error) {
		claims := jwt.MapClaims{}
		_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
			jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(),
			jwt.WithIssuer(cfg.Issuer), jwt.WithAudience(cfg.Audience))
		if err != nil {
			return nil, auth.ErrInvalidToken
		}
		sub, _ := claims.GetSubject()
		exp, _ := claims.GetExpirationTime()
		var scopes []string
		if list, ok := claims["permissions"].([]any); ok {
			for _, p := range list {
				if s, ok := p.(string); ok {
					scopes = append(scopes, s)
				}
			}
		}
		return &auth.TokenInfo{UserID: sub, Scopes: scopes, Expiration: exp.Time}, nil
	}
	return auth.RequireBearerToken(verify, nil)(next), nil
}

// start serves the catalog with the learner's Protect installed behind the
// grader's HTTP layer; extra runs on the server too (to add a tool).
func start(t Target, extra ...func(*mcp.Server)) (*tokenlab.Fixture, error) {
	opts := []probe.Option{probe.WithServer(t.Protect)}
	for _, setup := range extra {
		opts = append(opts, probe.WithServer(setup))
	}
	return tokenlab.Start(httpLayer, opts...)
}

// token returns a valid token for the run's user with the given permissions.
func token(f *tokenlab.Fixture, perms ...string) http.Header {
	tok := f.With(func(c jwt.MapClaims) { c["permissions"] = perms })
	return http.Header{"Authorization": {"Bearer " + tok}}
}

// describe names a set of permissions for messages.
func describe(perms []string) string {
	if len(perms) == 0 {
		return "no permissions"
	}
	return strings.Join(perms, ", ")
}
