// Package jwtconfig is the configuration shared by the stages that issue
// and validate JSON Web Tokens: the signing key, who issues the tokens, who
// they are for, how long they live and the users who may log in.
package jwtconfig

import (
	"fmt"
	"os"
	"time"

	"authlab/internal/users"
)

// The environment variables FromEnv reads.
const (
	KeyEnv      = "AUTHLAB_JWT_KEY"
	IssuerEnv   = "AUTHLAB_JWT_ISSUER"
	AudienceEnv = "AUTHLAB_JWT_AUDIENCE"
)

// MinKeyLen is the shortest HS256 signing key a server may accept, in
// bytes: as long as the hash's output (RFC 7518 §3.2).
const MinKeyLen = 32

// DefaultTokenTTL is the lifetime of an access token: short, since it
// cannot be revoked before it expires.
const DefaultTokenTTL = 15 * time.Minute

// DefaultRefreshTTL is the absolute lifetime of a refresh token's family
// (stage 5): a login is good for a day, however often it is refreshed.
const DefaultRefreshTTL = 24 * time.Hour

// Config is what a token-issuing, token-checking server needs.
type Config struct {
	SigningKey []byte        // the HS256 key, at least MinKeyLen bytes
	Issuer     string        // the iss of issued tokens, and the only one accepted
	Audience   string        // the aud of issued tokens, and the only one accepted
	TokenTTL   time.Duration // how long an access token lives
	RefreshTTL time.Duration // how long a login's refresh tokens live, from the login (stage 5)
	Users      *users.Store  // who may log in
}

// FromEnv reads the key, issuer and audience from the environment, with the
// default lifetime and the given users. It does not judge the key: the
// server that uses it must refuse one that is too short.
func FromEnv(store *users.Store) (Config, error) {
	cfg := Config{
		SigningKey: []byte(os.Getenv(KeyEnv)),
		Issuer:     os.Getenv(IssuerEnv),
		Audience:   os.Getenv(AudienceEnv),
		TokenTTL:   DefaultTokenTTL,
		RefreshTTL: DefaultRefreshTTL,
		Users:      store,
	}
	if cfg.Issuer == "" || cfg.Audience == "" {
		return cfg, fmt.Errorf("set %s and %s: a token's issuer and audience are checked on every request", IssuerEnv, AudienceEnv)
	}
	return cfg, nil
}
