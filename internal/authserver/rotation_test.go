package authserver

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"fmt"
	"slices"
	"testing"
)

// jwkKeyType names a JWKS public key's type as "kty" does.
func jwkKeyType(key any) string {
	switch key.(type) {
	case *rsa.PublicKey:
		return "RSA"
	case *ecdsa.PublicKey:
		return "EC"
	}
	return fmt.Sprintf("%T", key)
}

// TestRotateKey checks a rotation as a resource server sees it: new tokens
// carry the new kid and verify against the refreshed JWKS, old tokens keep
// verifying while their key is published, and stop once it is retired.
func TestRotateKey(t *testing.T) {
	for _, alg := range []Algorithm{RS256, ES256} {
		t.Run(string(alg), func(t *testing.T) {
			s := startServer(t, WithAlgorithm(alg))
			oldKID := s.KeyID()
			oldToken := defaultFlow(s).run(t, s).AccessToken

			newKID, err := s.RotateKey()
			if err != nil {
				t.Fatalf("RotateKey: %v", err)
			}
			if newKID == oldKID || s.KeyID() != newKID {
				t.Fatalf("after RotateKey: returned kid %q, KeyID %q, old kid %q; want a new kid that is current", newKID, s.KeyID(), oldKID)
			}
			set := jwks(t, s)
			if !slices.Equal(s.KeyIDs(), []string{oldKID, newKID}) || len(set.Key(oldKID)) != 1 || len(set.Key(newKID)) != 1 {
				t.Fatalf("after RotateKey the JWKS publishes %v, want both %s and %s", s.KeyIDs(), oldKID, newKID)
			}
			newToken := defaultFlow(s).run(t, s).AccessToken
			for _, tc := range []struct {
				name, token, kid string
			}{{"new token", newToken, newKID}, {"old token", oldToken, oldKID}} {
				parsed, _, err := verify(tc.token, set, alg, s.Issuer(), testResource)
				if err != nil {
					t.Errorf("%s does not verify against the refreshed JWKS: %v", tc.name, err)
					continue
				}
				if parsed.Header["kid"] != tc.kid {
					t.Errorf("%s kid = %v, want %s", tc.name, parsed.Header["kid"], tc.kid)
				}
			}

			if err := s.RetireKey(oldKID); err != nil {
				t.Fatalf("RetireKey(old): %v", err)
			}
			set = jwks(t, s)
			if len(set.Key(oldKID)) != 0 {
				t.Errorf("retired kid %s is still in the JWKS", oldKID)
			}
			if _, _, err := verify(oldToken, set, alg, s.Issuer(), testResource); err == nil {
				t.Error("a token signed by the retired key still verifies")
			}
			if _, _, err := verify(newToken, set, alg, s.Issuer(), testResource); err != nil {
				t.Errorf("new token stopped verifying after the old key was retired: %v", err)
			}
		})
	}
}
