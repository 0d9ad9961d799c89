package jwtauthcheck

// Parsing mutants: copies of the solution's ParseToken, each with one
// mistake marked `// BUG`. withParse puts each in the middleware and
// binds it as the package's ParseToken.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"authlab/internal/jwtconfig"
	"authlab/solutions/jwtauth"

	"github.com/golang-jwt/jwt/v5"
)

func parseMutants() []mutant {
	return []mutant{
		{Name: "any HMAC method accepted", Target: withParse(anyHMAC), MustFail: []string{"other-alg-401", "differential"}},
		{Name: "alg none accepted", Target: withParse(allowsNone), MustFail: []string{"alg-none-401", "other-alg-401", "differential"}},
		{Name: "exp not required", Target: withParse(expNotRequired), MustFail: []string{"missing-exp-401", "differential"}},
		{Name: "iss not checked", Target: withParse(issNotChecked), MustFail: []string{"wrong-issuer-401", "differential"}},
		{Name: "aud not checked", Target: withParse(audNotChecked), MustFail: []string{"wrong-audience-401", "differential"}},
		{Name: "an hour of leeway", Target: withParse(leeway(time.Hour)), MustFail: []string{"expired-401", "not-yet-valid-401", "differential"}},
		{Name: "five minutes of leeway", Target: withParse(leeway(5 * time.Minute)), MustFail: []string{"differential"}},
		{Name: "golang-jwt defaults: no parser options", Target: withParse(noOptions),
			MustFail: []string{"other-alg-401", "missing-exp-401", "wrong-issuer-401", "wrong-audience-401", "differential"}},
		{Name: "WithoutClaimsValidation", Target: withParse(withoutClaimsValidation),
			MustFail: []string{"expired-401", "not-yet-valid-401", "missing-exp-401", "wrong-issuer-401", "wrong-audience-401", "differential"}},
		{Name: "ParseUnverified: nothing checked", Target: withParse(parseUnverified), MustFail: slices.Concat(invalidTokenChecks, forgedTokenChecks)},
		{Name: "claims validated, signature never checked", Target: withParse(signatureNeverChecked),
			MustFail: slices.Concat([]string{"bad-signature-401", "alg-none-401", "other-alg-401", "malformed-401"}, forgedTokenChecks)},
		{Name: "iss compared case-insensitively", Target: withParse(issFolded), MustFail: []string{"differential"}},
		{Name: "iss matched as a substring", Target: withParse(issContained), MustFail: []string{"differential"}},
		{Name: "aud matched by prefix", Target: withParse(audPrefix), MustFail: []string{"differential"}},
		{Name: "NumericDates written as strings accepted", Target: withParse(stringDates), MustFail: []string{"differential"}},
		{Name: "claims cached without their signature", Target: withMiddleware(cached(claimsKeyOf)), MustFail: []string{"differential"}},
		{Name: "validated tokens cached past their exp", Target: withMiddleware(cached(rawKeyOf)), MustFail: []string{"no-cache-past-exp"}},
		{Name: "ParseToken checks aud against the issuer", Target: withParse(audIsIssuer), MustFail: validTokenChecks},
	}
}

// options are the solution's parser options.
func options(cfg jwtconfig.Config) []jwt.ParserOption {
	return []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5 * time.Second),
	}
}

func keyOf(cfg jwtconfig.Config) jwt.Keyfunc {
	return func(*jwt.Token) (any, error) { return cfg.SigningKey, nil }
}

// Models the golang-jwt README's key function: it checks the method's type,
// so every HMAC variant gets the key.
func anyHMAC(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(t *jwt.Token) (any, error) {
			if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok { // BUG: HS384 and HS512 pass too; no WithValidMethods
				return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
			}
			return cfg.SigningKey, nil
		},
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

// Models a key function that lets unsigned tokens in "for testing", with no
// pinned algorithm.
func allowsNone(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(t *jwt.Token) (any, error) {
			if t.Method == jwt.SigningMethodNone {
				return jwt.UnsafeAllowNoneSignatureType, nil // BUG: alg none accepted, and no WithValidMethods
			}
			return cfg.SigningKey, nil
		},
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

// Models trusting golang-jwt to demand exp: it checks exp only when present.
func expNotRequired(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		// BUG: no jwt.WithExpirationRequired()
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models forgetting the issuer: any issuer sharing the key is accepted.
func issNotChecked(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		// BUG: no jwt.WithIssuer(cfg.Issuer)
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models forgetting the audience: a token for another service works here.
func audNotChecked(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		// BUG: no jwt.WithAudience(cfg.Audience)
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models "fixing" clock-skew errors with a large leeway.
func leeway(d time.Duration) func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	return func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
		claims := &jwtauth.Claims{}
		_, err := jwt.ParseWithClaims(raw, claims,
			func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithIssuer(cfg.Issuer),
			jwt.WithAudience(cfg.Audience),
			jwt.WithLeeway(d), // BUG: tokens live that much past exp, and before nbf
		)
		if err != nil {
			return nil, err
		}
		return claims, nil
	}
}

// Models trusting golang-jwt's defaults: no pinned algorithm, no required
// exp, no iss or aud check.
func noOptions(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil }) // BUG: no parser options
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models silencing "token is expired" while debugging, and leaving it in:
// the signature is checked, the claims are not.
func withoutClaimsValidation(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithoutClaimsValidation(), // BUG: exp, nbf, iss and aud are never looked at
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// Models decoding the token without verifying anything.
func parseUnverified(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil { // BUG: nothing is verified
		return nil, err
	}
	return claims, nil
}

// Models validating the claims carefully on a token whose signature was
// never checked: anyone can write claims.
func signatureNeverChecked(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil { // BUG: the signature is never verified
		return nil, err
	}
	v := jwt.NewValidator(
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err := v.Validate(claims); err != nil {
		return nil, err
	}
	return claims, nil
}

// Models iss compared by hand, "tolerantly": a case change is another
// issuer (RFC 7519 §4.1.1: iss is a case-sensitive string).
func issFolded(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims, keyOf(cfg),
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(claims.Issuer, cfg.Issuer) { // BUG: compare exactly
		return nil, errors.New("wrong issuer")
	}
	return claims, nil
}

// Models iss checked with strings.Contains: any issuer whose name holds
// ours passes.
func issContained(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims, keyOf(cfg),
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithAudience(cfg.Audience),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(claims.Issuer, cfg.Issuer) { // BUG: compare exactly
		return nil, errors.New("wrong issuer")
	}
	return claims, nil
}

// Models aud checked with strings.HasPrefix: "mcp-abcx" passes for
// "mcp-abc".
func audPrefix(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims, keyOf(cfg),
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(claims.Audience, func(a string) bool { return strings.HasPrefix(a, cfg.Audience) }) { // BUG: compare exactly
		return nil, errors.New("wrong audience")
	}
	return claims, nil
}

// plainClaims are the stage's claims without the jwtdates check.
type plainClaims struct {
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	jwt.RegisteredClaims
}

// Models a claims type of one's own without the NumericDate check:
// golang-jwt's NumericDate decodes "exp": "1893456000" too.
func stringDates(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	var c plainClaims // BUG: no UnmarshalJSON calling jwtdates.Check
	if _, err := jwt.ParseWithClaims(raw, &c, keyOf(cfg), options(cfg)...); err != nil {
		return nil, err
	}
	return &jwtauth.Claims{Name: c.Name, Permissions: c.Permissions, RegisteredClaims: c.RegisteredClaims}, nil
}

// cached models a cache of validated tokens in front of ParseToken, one per
// server, under the key keyOf gives a token.
func cached(keyOf func(raw string) string) func(cfg jwtconfig.Config, next http.Handler) http.Handler {
	return func(cfg jwtconfig.Config, next http.Handler) http.Handler {
		var mu sync.Mutex
		seen := map[string]*jwtauth.Claims{}
		parse := func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
			mu.Lock()
			c, ok := seen[keyOf(raw)]
			mu.Unlock()
			if ok {
				return c, nil
			}
			c, err := jwtauth.ParseToken(cfg, raw)
			if err == nil {
				mu.Lock()
				seen[keyOf(raw)] = c
				mu.Unlock()
			}
			return c, err
		}
		return requireTokenWith(parse)(cfg, next)
	}
}

// Models a cache that skips the HMAC for claims seen before: the key is the
// token without its signature, so a forged signature over known claims
// passes.
func claimsKeyOf(raw string) string {
	return raw[:max(0, strings.LastIndex(raw, "."))] // BUG: the signature is what proves the claims
}

// Models a cache of validated tokens that never looks at exp again: a token
// accepted once is accepted as long as the server runs.
func rawKeyOf(raw string) string {
	return raw // BUG: an entry must not outlive the token's exp
}

// Models a copy-paste slip: the audience option is given the issuer, so
// every valid token is refused.
func audIsIssuer(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
	claims := &jwtauth.Claims{}
	_, err := jwt.ParseWithClaims(raw, claims, keyOf(cfg),
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Issuer), // BUG: cfg.Audience
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return claims, nil
}
