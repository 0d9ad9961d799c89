package oauthcheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"maps"
	"net/http"
	"time"

	"authlab/grader/probe"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// claims returns the claims of a valid access token for l's server, with
// changes applied (a nil value removes the claim).
func (l *lab) claims(changes map[string]any) map[string]any {
	now := time.Now()
	c := map[string]any{
		"iss":   l.cfg.Issuer,
		"aud":   l.cfg.Resource,
		"sub":   "learner-" + probe.Random(6),
		"scope": l.cfg.Scope,
		"iat":   now.Unix(),
		"exp":   now.Add(5 * time.Minute).Unix(),
		"jti":   probe.Random(9),
	}
	maps.Copy(c, changes)
	maps.DeleteFunc(c, func(_ string, v any) bool { return v == nil })
	return c
}

// sign has the authorization server sign claims with its current key.
func (l *lab) sign(changes map[string]any) (string, error) { return l.as.Sign(l.claims(changes)) }

// foreignKeyToken is a valid-looking token signed with a key the
// authorization server never published, under a kid it does not know.
func (l *lab) foreignKeyToken() (string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims(l.claims(nil)))
	tok.Header["kid"] = probe.Random(12)
	return tok.SignedString(key)
}

// publicKeyHMACToken is the algorithm-confusion attack: HS256, signed with
// the authorization server's public key (PEM, as a server that feeds its
// key to any algorithm would use it), under the current kid.
func (l *lab) publicKeyHMACToken() (string, error) {
	pub, err := l.currentPublicKey()
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", err
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(l.claims(nil)))
	tok.Header["kid"] = l.as.KeyID()
	return tok.SignedString(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// noneToken is an unsigned token (alg none) under the current kid.
func (l *lab) noneToken() (string, error) {
	header, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT", "kid": l.as.KeyID()})
	payload, err := json.Marshal(l.claims(nil))
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc(header) + "." + enc(payload) + ".", nil
}

// currentPublicKey reads the current signing key from the published JWKS.
func (l *lab) currentPublicKey() (any, error) {
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := getJSON(l.cfg.Issuer+"/.well-known/oauth-authorization-server", &meta); err != nil {
		return nil, err
	}
	var set jose.JSONWebKeySet
	if err := getJSON(meta.JWKSURI, &set); err != nil {
		return nil, err
	}
	keys := set.Key(l.as.KeyID())
	if len(keys) != 1 {
		return nil, fmt.Errorf("the authorization server publishes no key %s", l.as.KeyID())
	}
	return keys[0].Key, nil
}

// getJSON GETs url and decodes its JSON answer into v.
func getJSON(url string, v any) error {
	resp, err := noRedirects.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
