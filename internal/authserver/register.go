package authserver

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// registerPath is the dynamic client registration endpoint (RFC 7591).
const registerPath = "/register"

// clientMetadata is the part of an RFC 7591 registration request this
// server reads, and the shape of its answer.
type clientMetadata struct {
	ClientID                string   `json:"client_id,omitempty"`
	ClientIDIssuedAt        int64    `json:"client_id_issued_at,omitempty"`
	RedirectURIs            []string `json:"redirect_uris"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method,omitempty"`
	GrantTypes              []string `json:"grant_types,omitempty"`
	ResponseTypes           []string `json:"response_types,omitempty"`
	ClientName              string   `json:"client_name,omitempty"`
}

// registration registers public clients on request, as MCP clients that
// were never configured for this server do (RFC 7591). Every client gets
// the code flow with PKCE, no secret, and the server's scopes.
type registration struct {
	storage  *memoryStorage
	scopes   []string
	loginURL string
}

func (h *registration) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req clientMetadata
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
		writeOAuthError(w, "invalid_client_metadata", "the body is not client metadata JSON: "+err.Error())
		return
	}
	if len(req.RedirectURIs) == 0 {
		writeOAuthError(w, "invalid_redirect_uri", "send at least one redirect_uris entry")
		return
	}
	for _, uri := range req.RedirectURIs {
		if err := checkRedirectURI(uri); err != nil {
			writeOAuthError(w, "invalid_redirect_uri", err.Error())
			return
		}
	}
	if m := req.TokenEndpointAuthMethod; m != "" && m != "none" {
		writeOAuthError(w, "invalid_client_metadata", fmt.Sprintf("token_endpoint_auth_method %q is not offered: clients here are public, use \"none\" with PKCE", m))
		return
	}
	c := &publicClient{id: rand.Text(), redirectURIs: req.RedirectURIs, scopes: h.scopes, loginURL: h.loginURL}
	h.storage.addClient(c)
	// RFC 7591 §3.2.1: the server answers with the metadata it registered,
	// which may differ from what was asked: refresh tokens are not issued.
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(clientMetadata{
		ClientID:                c.id,
		ClientIDIssuedAt:        time.Now().Unix(),
		RedirectURIs:            c.redirectURIs,
		TokenEndpointAuthMethod: "none",
		GrantTypes:              []string{"authorization_code"},
		ResponseTypes:           []string{"code"},
		ClientName:              req.ClientName,
	})
}

// checkRedirectURI admits what a native public client may register:
// https, an http loopback address (RFC 8252 §7.3), or a private-use
// scheme (RFC 8252 §7.1); never a fragment.
func checkRedirectURI(uri string) error {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme == "" || u.Fragment != "" {
		return fmt.Errorf("redirect URI %q is not an absolute URI without a fragment", uri)
	}
	if u.Scheme == "http" {
		if _, loopback := op.HTTPLoopbackOrLocalhost(uri); !loopback {
			return fmt.Errorf("redirect URI %q uses http on a non-loopback host; use https or http://127.0.0.1", uri)
		}
	}
	if slices.Contains([]string{"javascript", "data", "file"}, u.Scheme) {
		return fmt.Errorf("redirect URI %q uses the scheme %s, which cannot receive a code", uri, u.Scheme)
	}
	return nil
}
