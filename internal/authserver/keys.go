package authserver

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Algorithm is the JWS algorithm the server signs access tokens with.
type Algorithm string

// The algorithms the server can sign with: the two the MCP authorization
// lesson teaches a resource server to pin.
const (
	RS256 Algorithm = "RS256"
	ES256 Algorithm = "ES256"
)

// ErrUnknownKey is returned by RetireKey for a kid the server does not publish.
var ErrUnknownKey = errors.New("authserver: no published key has this kid; list the kids with Server.KeyIDs")

// ErrCurrentKey is returned by RetireKey for the key tokens are signed with now.
var ErrCurrentKey = errors.New("authserver: this kid signs new tokens; call RotateKey first, then retire it")

// signingKey is one private key with its kid; it is both the key the
// provider signs with (op.SigningKey) and its public half in the JWKS (op.Key).
type signingKey struct {
	id        string
	algorithm jose.SignatureAlgorithm
	private   crypto.Signer
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return k.algorithm }
func (k *signingKey) ID() string                                  { return k.id }

// Key is the private key when signing; publicKey wraps it for the JWKS.
func (k *signingKey) Key() any { return k.private }

// publicKey is the JWKS entry of a signingKey: its public half only.
type publicKey struct{ *signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return k.algorithm }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return k.private.Public() }

// keyRing holds the key new tokens are signed with and every key still
// published in the JWKS, newest last.
type keyRing struct {
	algorithm Algorithm
	mu        sync.Mutex
	keys      []*signingKey
}

// newKeyRing makes a ring with one fresh key.
func newKeyRing(alg Algorithm) (*keyRing, error) {
	r := &keyRing{algorithm: alg}
	if _, err := r.rotate(); err != nil {
		return nil, err
	}
	return r, nil
}

// generateKey makes a private key for alg with a random kid.
func generateKey(alg Algorithm) (*signingKey, error) {
	var (
		private crypto.Signer
		err     error
	)
	switch alg {
	case RS256:
		private, err = rsa.GenerateKey(rand.Reader, 2048)
	case ES256:
		private, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		return nil, fmt.Errorf("authserver: signing algorithm %q is not supported; use RS256 or ES256", alg)
	}
	if err != nil {
		return nil, fmt.Errorf("authserver: generate %s key: %w", alg, err)
	}
	return &signingKey{id: rand.Text()[:16], algorithm: jose.SignatureAlgorithm(alg), private: private}, nil
}

// rotate makes a new current key; the old ones stay published.
func (r *keyRing) rotate() (string, error) {
	k, err := generateKey(r.algorithm)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, k)
	return k.id, nil
}

// retire stops publishing the key kid, which must not be the current one.
func (r *keyRing) retire(kid string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, k := range r.keys {
		if k.id != kid {
			continue
		}
		if i == len(r.keys)-1 {
			return ErrCurrentKey
		}
		r.keys = append(r.keys[:i:i], r.keys[i+1:]...)
		return nil
	}
	return ErrUnknownKey
}

// current is the key new tokens are signed with.
func (r *keyRing) current() *signingKey {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys[len(r.keys)-1]
}

// published lists the public keys of the JWKS, oldest first.
func (r *keyRing) published() []op.Key {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]op.Key, len(r.keys))
	for i, k := range r.keys {
		out[i] = publicKey{k}
	}
	return out
}

// ids lists the published kids, oldest first.
func (r *keyRing) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.keys))
	for i, k := range r.keys {
		out[i] = k.id
	}
	return out
}

// sign signs claims as a JWT with the current key, its kid in the header.
func (r *keyRing) sign(claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("authserver: encode claims: %w", err)
	}
	signer, err := op.SignerFromKey(r.current())
	if err != nil {
		return "", fmt.Errorf("authserver: signer for the current key: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("authserver: sign: %w", err)
	}
	return jws.CompactSerialize()
}
