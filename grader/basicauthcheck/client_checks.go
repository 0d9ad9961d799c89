package basicauthcheck

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

func clientChecks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "client-lists-tools", Name: "Your client connects with the secret and lists the tools",
			Sends:  "ListTools(ctx, endpoint, secret) against a server that demands Bearer <secret>",
			Expect: "the names of the four catalog tools, and no error",
			Hint:   "Give the go-sdk StreamableClientTransport an http.Client whose Transport is NewTransport(secret, http.DefaultTransport).",
			Run: func(ctx context.Context) error {
				lab, secret, err := referenceServer()
				if err != nil {
					return err
				}
				defer lab.Close()
				names, err := t.ListTools(ctx, lab.URL, secret)
				sent := "ListTools against a server that demands Authorization: Bearer <secret>"
				want := strings.Join(catalog.ToolNames, ", ")
				if err != nil {
					return grader.Failf(sent, want, "error: %v (server saw: %s)", err, seen(lab))
				}
				if !probe.SameSet(names, catalog.ToolNames) {
					return grader.Failf(sent, want, "[%s]", strings.Join(names, ", "))
				}
				return nil
			},
		},
		{
			ID: "client-header-every-request", Name: "Your client sends the secret on every request",
			Sends:  "ListTools(ctx, endpoint, secret), recording each HTTP request the server receives",
			Expect: "Authorization: Bearer <secret> on every request (initialize, notifications, tools/list, session close)",
			Hint:   "Put the header in the RoundTripper, which sees every request the SDK makes, rather than on one request by hand.",
			Run: func(ctx context.Context) error {
				lab, secret, err := referenceServer()
				if err != nil {
					return err
				}
				defer lab.Close()
				_, _ = t.ListTools(ctx, lab.URL, secret)
				sent := "ListTools against a recording server"
				want := "Authorization: Bearer <secret> on every request"
				reqs := lab.Requests()
				if len(reqs) < 2 {
					return grader.Failf(sent, want, "%d request(s): an MCP session takes at least initialize and tools/list", len(reqs))
				}
				for i, r := range reqs {
					if r.Authorization != "Bearer "+secret {
						return grader.Failf(sent, want, "request %d of %d (%s) carried %s", i+1, len(reqs), label(r), describeAuth(r, secret))
					}
				}
				return nil
			},
		},
		{
			ID: "client-keeps-request", Name: "Your RoundTripper leaves the caller's request unchanged",
			Sends:  "a request with no Authorization header through NewTransport(secret, base)",
			Expect: "base receives Authorization: Bearer <secret> on a copy; the caller's request is not modified (http.RoundTripper's contract)",
			Hint:   "Clone first: r2 := req.Clone(req.Context()); r2.Header.Set(\"Authorization\", \"Bearer \"+secret); return base.RoundTrip(r2).",
			Run: func(ctx context.Context) error {
				secret := probe.Random(24)
				var got string
				var called bool
				base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
					called = true
					got = r.Header.Get("Authorization")
					return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
				})
				rt := t.NewTransport(secret, base)
				sent := "a GET through NewTransport(secret, base)"
				if rt == nil {
					return grader.Failf(sent, "a RoundTripper", "nil")
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1/mcp", nil)
				resp, err := rt.RoundTrip(req)
				if !called {
					// Sent some other way, typically http.DefaultTransport:
					// whatever came back, base was bypassed.
					if err == nil && resp != nil {
						resp.Body.Close()
					}
					return grader.Failf(sent, "base to receive the request with Authorization: Bearer <secret>", "base was never called: your RoundTripper sent the request some other way (result: %v)", errOrStatus(resp, err))
				}
				if err != nil {
					return grader.Failf(sent, "base's response", "error: %v", err)
				}
				resp.Body.Close()
				switch {
				case got == "":
					return grader.Failf(sent, "base to receive Authorization: Bearer <secret>", "base received no Authorization header")
				case got != "Bearer "+secret:
					return grader.Failf(sent, "base to receive Authorization: Bearer <secret>", "base received Authorization: %q", strings.ReplaceAll(got, secret, "<secret>"))
				case req.Header.Get("Authorization") != "":
					return grader.Failf(sent, "the caller's request unchanged", "the caller's request now carries an Authorization header")
				}
				return nil
			},
		},
	}
}

// referenceServer serves the catalog behind the grader's own, correct
// middleware, so client checks depend on the learner's client alone.
func referenceServer() (*probe.Lab, string, error) {
	secret := probe.Random(24)
	lab, err := probe.Start(func(next http.Handler) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+secret {
				w.Header().Set("WWW-Authenticate", "Bearer")
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		}), nil
	})
	return lab, secret, err
}

func seen(lab *probe.Lab) string {
	reqs := lab.Requests()
	if len(reqs) == 0 {
		return "no request at all"
	}
	var parts []string
	for _, r := range reqs {
		parts = append(parts, label(r))
	}
	return strings.Join(parts, ", ")
}

func label(r probe.Request) string {
	if r.RPCMethod != "" {
		return r.Method + " " + r.RPCMethod
	}
	return r.Method
}

func describeAuth(r probe.Request, secret string) string {
	switch {
	case !r.HasAuth:
		return "no Authorization header"
	case strings.Contains(r.Authorization, secret):
		return fmt.Sprintf("Authorization: %s", strings.ReplaceAll(r.Authorization, secret, "<secret>"))
	default:
		return fmt.Sprintf("Authorization: %q", r.Authorization)
	}
}

// errOrStatus describes what a RoundTrip returned.
func errOrStatus(resp *http.Response, err error) string {
	switch {
	case err != nil:
		return "error: " + err.Error()
	case resp == nil:
		return "no response and no error"
	}
	return resp.Status
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
