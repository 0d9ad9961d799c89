package jwtauthcheck

// Issuing mutants: copies of the solution's IssueToken, each with one
// mistake marked `// BUG` in what the token says or holds.

import (
	"time"

	"authlab/internal/jwtconfig"
	"authlab/internal/users"
	"authlab/solutions/jwtauth"

	"github.com/golang-jwt/jwt/v5"
)

func issueMutants() []mutant {
	return []mutant{
		{Name: "token lives 24 hours", Target: withIssue(livesADay), MustFail: []string{"login-issues-token", "login-expires-in"}},
		{Name: "token lifetime hard-coded", Target: withIssue(hardCodedLifetime), MustFail: []string{"login-issues-token", "login-expires-in"}},
		{Name: "token without sub", Target: withIssue(noSubject), MustFail: []string{"login-issues-token"}},
		{Name: "permissions hard-coded", Target: withIssue(hardCodedPermissions), MustFail: []string{"login-issues-token"}},
		{Name: "token signed with HS512", Target: withIssue(signedHS512), MustFail: []string{"login-issues-token"}},
		{Name: "iss and aud swapped in IssueToken and ParseToken", Target: issAudSwapped(),
			MustFail: append([]string{"login-issues-token"}, validTokenChecks...)},
		{Name: "the whole account in the token", Target: withIssue(accountInToken), MustFail: []string{"login-answer-holds-no-secret"}},
		{Name: "the key id is a piece of the key", Target: withIssue(keyInKid), MustFail: []string{"login-answer-holds-no-secret"}},
	}
}

// Models a "convenient" day-long token that cannot be revoked.
func livesADay(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(24 * time.Hour)), // BUG: not cfg.TokenTTL
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models the lesson's 15 minutes written in the code: an operator who
// configures a shorter lifetime still gets 15-minute tokens.
func hardCodedLifetime(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user.Username,
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(jwtconfig.DefaultTokenTTL)), // BUG: not cfg.TokenTTL
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models forgetting the subject: the token says nothing about who it is for.
func noSubject(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: user.Permissions,
		RegisteredClaims: jwt.RegisteredClaims{
			// BUG: no Subject
			Issuer:    cfg.Issuer,
			Audience:  jwt.ClaimStrings{cfg.Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models permissions written for the demo user instead of read from the store.
func hardCodedPermissions(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
		Name:        user.Name,
		Permissions: []string{"User.Read", "User.Write"}, // BUG: not user.Permissions
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

// Models "more bits is safer": the token is not the HS256 the stage issues
// and accepts.
func signedHS512(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
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
	return jwt.NewWithClaims(jwt.SigningMethodHS512, claims).SignedString(cfg.SigningKey) // BUG: HS512
}

// issAudSwapped models iss and aud swapped in both IssueToken and
// ParseToken: the server accepts its own tokens, and refuses every token
// made by the rules.
func issAudSwapped() Target {
	parse := func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error) {
		claims := &jwtauth.Claims{}
		_, err := jwt.ParseWithClaims(raw, claims, keyOf(cfg),
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithIssuer(cfg.Audience), // BUG: cfg.Issuer
			jwt.WithAudience(cfg.Issuer), // BUG: cfg.Audience
			jwt.WithLeeway(5*time.Second),
		)
		if err != nil {
			return nil, err
		}
		return claims, nil
	}
	issue := func(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
		claims := jwtauth.Claims{
			Name:        user.Name,
			Permissions: user.Permissions,
			RegisteredClaims: jwt.RegisteredClaims{
				Subject:   user.Username,
				Issuer:    cfg.Audience,                 // BUG: cfg.Issuer
				Audience:  jwt.ClaimStrings{cfg.Issuer}, // BUG: cfg.Audience
				IssuedAt:  jwt.NewNumericDate(now),
				ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
			},
		}
		return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
	}
	s := good
	s.login, s.protect = loginWith(authenticate, issue), requireTokenWith(parse)
	t := s.target()
	t.ParseToken = parseWith(parse)
	return t
}

// Models putting the whole account in the token "so handlers need no
// lookup": its password hash goes to every client.
func accountInToken(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := struct {
		jwtauth.Claims
		Account users.User `json:"account"` // BUG: PasswordHash and all
	}{
		Claims: jwtauth.Claims{
			Name:        user.Name,
			Permissions: user.Permissions,
			RegisteredClaims: jwt.RegisteredClaims{
				Subject:   user.Username,
				Issuer:    cfg.Issuer,
				Audience:  jwt.ClaimStrings{cfg.Audience},
				IssuedAt:  jwt.NewNumericDate(now),
				ExpiresAt: jwt.NewNumericDate(now.Add(cfg.TokenTTL)),
			},
		},
		Account: user,
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey)
}

// Models a key id made from the key "to tell keys apart": anyone holding a
// token reads half of the key.
func keyInKid(cfg jwtconfig.Config, user users.User, now time.Time) (string, error) {
	claims := jwtauth.Claims{
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
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = string(cfg.SigningKey[:16]) // BUG: a key id must say nothing of the key
	return tok.SignedString(cfg.SigningKey)
}
