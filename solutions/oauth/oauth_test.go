package oauth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"authlab/internal/oauthconfig"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestKeyAlgorithm checks that a JWK's algorithm comes from the key set:
// its alg when present, else its key type (providers such as Entra ID
// leave alg out), and none for a key this server never accepts.
func TestKeyAlgorithm(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	for _, tc := range []struct {
		name string
		key  jose.JSONWebKey
		want string
	}{
		{"RSA with alg", jose.JSONWebKey{Key: &rsaKey.PublicKey, Algorithm: "RS256"}, "RS256"},
		{"RSA without alg", jose.JSONWebKey{Key: &rsaKey.PublicKey}, "RS256"},
		{"P-256 without alg", jose.JSONWebKey{Key: &p256.PublicKey}, "ES256"},
		{"P-384 without alg", jose.JSONWebKey{Key: &p384.PublicKey}, ""},
		{"alg given wins", jose.JSONWebKey{Key: &rsaKey.PublicKey, Algorithm: "PS256"}, "PS256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := keyAlgorithm(tc.key); got != tc.want {
				t.Errorf("keyAlgorithm = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestNewServerAtTheRoot checks a resource at the host's root: its metadata
// has one well-known path, registered once.
func TestNewServerAtTheRoot(t *testing.T) {
	for _, resource := range []string{"http://127.0.0.1:1/", "http://127.0.0.1:1", "http://127.0.0.1:1/mcp"} {
		t.Run(resource, func(t *testing.T) {
			h, err := NewServer(oauthconfig.Config{Resource: resource, Issuer: "http://127.0.0.1:2", Scope: "s", InventoryURL: "http://127.0.0.1:3", InventoryKey: "k"},
				mcp.NewServer(&mcp.Implementation{Name: "t", Version: "1"}, nil))
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/.well-known/oauth-protected-resource", nil))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"resource":"`+resource+`"`) {
				t.Errorf("metadata: %d %s, want 200 naming %s", rec.Code, rec.Body, resource)
			}
		})
	}
}
