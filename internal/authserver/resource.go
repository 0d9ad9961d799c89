package authserver

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
)

// resourceKey carries the resource an /authorize request asked for to
// CreateAuthRequest, which the provider calls with the request's context.
type resourceKey struct{}

func resourceFromContext(ctx context.Context) string {
	s, _ := ctx.Value(resourceKey{}).(string)
	return s
}

// resourceIndicators enforces RFC 8707 in front of the provider, which
// does not read the resource parameter itself: at most one resource, one
// this server issues tokens for, and at the token endpoint the same one
// the code was issued for. The chosen resource (the first served one when
// none is named) goes on the context for CreateAuthRequest.
type resourceIndicators struct {
	served    []string
	authorize string // path of the authorization endpoint
	token     string // path of the token endpoint
	storage   *memoryStorage
	next      http.Handler
}

func (h *resourceIndicators) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != h.authorize && r.URL.Path != h.token {
		h.next.ServeHTTP(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, "invalid_request", "the request's parameters cannot be parsed: "+err.Error())
		return
	}
	asked := r.Form["resource"]
	if len(asked) > 1 {
		writeOAuthError(w, "invalid_target", "name one resource per request; this server binds each token to a single audience")
		return
	}
	resource := h.served[0]
	if len(asked) == 1 {
		resource = asked[0]
		if !slices.Contains(h.served, resource) {
			writeOAuthError(w, "invalid_target", "this authorization server issues no tokens for resource "+resource)
			return
		}
	}
	if r.URL.Path == h.token && len(asked) == 1 {
		if a, err := h.storage.AuthRequestByCode(r.Context(), r.Form.Get("code")); err == nil && a.(*authRequest).resource != resource {
			writeOAuthError(w, "invalid_target", "the code was issued for another resource; send the resource named at /authorize")
			return
		}
	}
	h.next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), resourceKey{}, resource)))
}

// writeOAuthError answers 400 with an OAuth error body (RFC 6749 §5.2,
// RFC 7591 §3.2.2).
func writeOAuthError(w http.ResponseWriter, code, description string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": description})
}
