package probe

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"authlab/grader"
)

// guardedBy serves next behind a middleware that answers a request with no
// Authorization header 401 with a Bearer challenge, and one whose header is
// not "Bearer <secret>" (an empty one included) 403.
func guardedBy(secret string) func() (string, *Lab, error) {
	return func() (string, *Lab, error) {
		lab, err := Start(func(next http.Handler) (http.Handler, error) {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				v, sent := r.Header["Authorization"]
				switch {
				case !sent:
					w.Header().Set("WWW-Authenticate", "Bearer")
					w.WriteHeader(http.StatusUnauthorized)
				case v[0] != "Bearer "+secret:
					w.WriteHeader(http.StatusForbidden)
				default:
					next.ServeHTTP(w, r)
				}
			}), nil
		})
		return secret, lab, err
	}
}

// TestRefusalCheck runs RefusalChecks against a middleware that tells a
// missing header from an empty one: a request without Authorization sends
// no header, the setup reaches every request, and the first request let
// through fails the check, naming what it sent.
func TestRefusalCheck(t *testing.T) {
	wrongSecret := func(secret string) string { return "Bearer " + secret + "x" }
	tests := []struct {
		name     string
		check    RefusalCheck[string]
		wantSent string // "" when the check must pass
	}{
		{"no header is a missing one", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{{Sent: "no Authorization header"}}, Want: NoCredential}, ""},
		{"an empty value is sent", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{{Sent: "an empty header", Authorization: func(string) string { return "" }}},
			Want:     Refusal{Status: http.StatusForbidden}}, ""},
		{"an empty value is not a missing header", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{{Sent: "an empty header", Authorization: func(string) string { return "" }}},
			Want:     NoCredential}, "tools/call create_product with an empty header"},
		{"every request is sent, with the setup", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{
				{Sent: "a wrong secret", Authorization: wrongSecret},
				{Sent: "the secret", Authorization: func(secret string) string { return "Bearer " + secret }},
			},
			Want: Refusal{Status: http.StatusForbidden}}, "tools/call create_product with the secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.check.Check(guardedBy(Random(24)))
			err := c.Run(context.Background())
			if tt.wantSent == "" {
				if err != nil {
					t.Fatalf("Run = %v, want a pass", err)
				}
				return
			}
			var f *grader.Failure
			if !errors.As(err, &f) || f.Sent != tt.wantSent {
				t.Fatalf("Run = %v, want a *grader.Failure that sent %q", err, tt.wantSent)
			}
		})
	}
}

// TestRefusalCheckTexts checks what a RefusalCheck says before it runs:
// every request it sends, and Want's answer unless Expect says otherwise.
func TestRefusalCheckTexts(t *testing.T) {
	requests := []RefusedRequest[string]{{Sent: "no Authorization header"}, {Sent: "an empty header"}}
	tests := []struct {
		name       string
		check      RefusalCheck[string]
		wantExpect string
	}{
		{"Want says it", RefusalCheck[string]{Requests: requests, Want: NoCredential}, NoCredential.Expected()},
		{"Expect says it", RefusalCheck[string]{Requests: requests, Want: NoCredential, Expect: "401"}, "401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.check.Check(guardedBy(""))
			wantSends := "tools/call create_product with no Authorization header; then tools/call create_product with an empty header"
			if c.Sends != wantSends {
				t.Errorf("Sends = %q, want %q", c.Sends, wantSends)
			}
			if c.Expect != tt.wantExpect {
				t.Errorf("Expect = %q, want %q", c.Expect, tt.wantExpect)
			}
		})
	}
}
