package probe

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"authlab/grader"
)

// guardedBy serves next behind a middleware that answers a request with no
// Authorization header 401 with a Bearer challenge, and one whose header is
// not "Bearer <secret>" (an empty one included) 403. It adds the method of
// every request it gets to methods.
func guardedBy(secret string, methods *methodLog) func() (string, *Lab, error) {
	return func() (string, *Lab, error) {
		lab, err := Start(func(next http.Handler) (http.Handler, error) {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				methods.add(r.Method)
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

// methodLog is the methods of the requests a server got, in turn.
type methodLog struct {
	mu  sync.Mutex
	got []string
}

func (l *methodLog) add(method string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, method)
}

// TestRefusalCheck runs RefusalChecks against a middleware that tells a
// missing header from an empty one: a request without Authorization sends
// no header, the setup reaches every request, and the first request let
// through fails the check, naming what it sent.
func TestRefusalCheck(t *testing.T) {
	wrongSecret := func(secret string) string { return "Bearer " + secret + "x" }
	tests := []struct {
		name        string
		check       RefusalCheck[string]
		wantSent    string   // "" when the check must pass
		wantMethods []string // nil when not asserted
	}{
		{"no header is a missing one", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{{Sent: grader.Literal("no Authorization header")}}, Want: NoCredential}, "", nil},
		{"an empty value is sent", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{{Sent: grader.Literal("an empty header"), Authorization: func(string) string { return "" }}},
			Want:     Refusal{Status: http.StatusForbidden}}, "", nil},
		{"an empty value is not a missing header", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{{Sent: grader.Literal("an empty header"), Authorization: func(string) string { return "" }}},
			Want:     NoCredential}, "tools/call create_product with an empty header", nil},
		{"every request is sent, with the setup", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{
				{Sent: grader.Literal("a wrong secret"), Authorization: wrongSecret},
				{Sent: PhraseSecretSecret.Say(nil), Authorization: func(secret string) string { return "Bearer " + secret }},
			},
			Want: Refusal{Status: http.StatusForbidden}}, "tools/call create_product with the secret", nil},
		{"a request's own Want comes first", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{
				{Sent: grader.Literal("no Authorization header"), Want: NoCredential},
				{Sent: grader.Literal("a wrong secret"), Authorization: wrongSecret},
			},
			Want: Refusal{Status: http.StatusForbidden}}, "", nil},
		{"GET and DELETE are sent as such", RefusalCheck[string]{
			Requests: []RefusedRequest[string]{
				{Method: http.MethodGet, Sent: grader.Literal("no Authorization header")},
				{Method: http.MethodDelete, Sent: grader.Literal("a wrong secret"), Authorization: wrongSecret, Want: Refusal{Status: http.StatusForbidden}},
				{Method: http.MethodDelete, Sent: grader.Literal("an empty header"), Authorization: func(string) string { return "" }},
			},
			Want: NoCredential}, "DELETE /mcp with an empty header", []string{http.MethodGet, http.MethodDelete, http.MethodDelete}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var methods methodLog
			c := tt.check.Check(guardedBy(Random(24), &methods))
			err := c.Run(context.Background())
			if tt.wantMethods != nil && !slices.Equal(methods.got, tt.wantMethods) {
				t.Errorf("the server got %q, want %q", methods.got, tt.wantMethods)
			}
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
// every request it sends and Want's answer, unless Sends and Expect say
// otherwise.
func TestRefusalCheckTexts(t *testing.T) {
	requests := []RefusedRequest[string]{{Sent: grader.Literal("no Authorization header")}, {Method: http.MethodDelete, Sent: grader.Literal("an empty header")}}
	tests := []struct {
		name                  string
		check                 RefusalCheck[string]
		wantSends, wantExpect string
	}{
		{"the requests say it", RefusalCheck[string]{Requests: requests, Want: NoCredential},
			"tools/call create_product with no Authorization header; then DELETE /mcp with an empty header", NoCredential.Expected()},
		{"Sends and Expect say it", RefusalCheck[string]{Requests: requests, Want: NoCredential, Sends: "two requests", Expect: "401"},
			"two requests", "401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.check.Check(guardedBy("", &methodLog{}))
			if c.Sends != tt.wantSends {
				t.Errorf("Sends = %q, want %q", c.Sends, tt.wantSends)
			}
			if c.Expect != tt.wantExpect {
				t.Errorf("Expect = %q, want %q", c.Expect, tt.wantExpect)
			}
		})
	}
}
