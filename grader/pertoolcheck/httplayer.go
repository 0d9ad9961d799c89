package pertoolcheck

import (
	"context"
	"net/http"
	"strings"

	"authlab/internal/jwtconfig"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

// httpLayer is the grader's own, correct stage-3 front: it verifies the
// token and hands the identity on as auth.TokenInfo, demanding no
// particular permission, so the checks judge the learner's MCP-level code
// alone. It refuses like a stage-3 server: 401 with a Bearer challenge,
// error="invalid_token" when a token was sent (RFC 6750 §3.1).
func httpLayer(cfg jwtconfig.Config, next http.Handler) (http.Handler, error) {
	verify := func(_ context.Context, raw string, _ *http.Request) (*auth.TokenInfo, error) {
		claims := jwt.MapClaims{}
		_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
			jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(),
			jwt.WithIssuer(cfg.Issuer), jwt.WithAudience(cfg.Audience))
		if err != nil {
			return nil, auth.ErrInvalidToken
		}
		scopes, ok := permissions(claims["permissions"])
		if !ok {
			return nil, auth.ErrInvalidToken
		}
		sub, _ := claims.GetSubject()
		exp, _ := claims.GetExpirationTime()
		return &auth.TokenInfo{UserID: sub, Scopes: scopes, Expiration: exp.Time}, nil
	}
	// go-sdk's RequireBearerToken is the only way to hand TokenInfo on to
	// the MCP server, but without options its 401s carry no challenge:
	// challenger adds one.
	verified := auth.RequireBearerToken(verify, nil)(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		verified.ServeHTTP(&challenger{ResponseWriter: w, tokenSent: bearerSent(r.Header.Get("Authorization"))}, r)
	}), nil
}

// permissions reads the permissions claim: absent, or a JSON array of
// strings; anything else makes the token invalid.
func permissions(claim any) ([]string, bool) {
	if claim == nil {
		return nil, true
	}
	list, ok := claim.([]any)
	if !ok {
		return nil, false
	}
	scopes := make([]string, 0, len(list))
	for _, p := range list {
		s, ok := p.(string)
		if !ok {
			return nil, false
		}
		scopes = append(scopes, s)
	}
	return scopes, true
}

// bearerSent reports whether an Authorization value carries a bearer
// token: the scheme Bearer in any case, one or more spaces, something.
func bearerSent(v string) bool {
	scheme, rest, ok := strings.Cut(v, " ")
	return ok && strings.EqualFold(scheme, "Bearer") && strings.TrimLeft(rest, " ") != ""
}

// challenger adds the Bearer challenge to a 401 written through it: with
// error="invalid_token" when the request carried a token, without an error
// code when it carried none.
type challenger struct {
	http.ResponseWriter
	tokenSent bool
	written   bool
}

func (c *challenger) WriteHeader(code int) {
	if code == http.StatusUnauthorized && !c.written && c.Header().Get("WWW-Authenticate") == "" {
		challenge := "Bearer"
		if c.tokenSent {
			challenge = `Bearer error="invalid_token"`
		}
		c.Header().Set("WWW-Authenticate", challenge)
	}
	c.written = true
	c.ResponseWriter.WriteHeader(code)
}

func (c *challenger) Write(b []byte) (int, error) {
	c.written = true
	return c.ResponseWriter.Write(b)
}

// Flush lets the MCP handler's event streams through.
func (c *challenger) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (c *challenger) Unwrap() http.ResponseWriter { return c.ResponseWriter }
