package basicauthcheck

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
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
				sent := phraseListDemanding.Say(nil)
				want := grader.Literal(strings.Join(catalog.ToolNames, ", "))
				if err != nil {
					return grader.Fail(sent, want, phraseErrorSeen.Say(map[string]any{"Err": err, "Seen": seen(lab)}))
				}
				if !probe.SameSet(names, catalog.ToolNames) {
					return grader.Fail(sent, want, grader.Literal("["+strings.Join(names, ", ")+"]"))
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
				sent := phraseListRecording.Say(nil)
				want := phraseOnEveryRequest.Say(nil)
				reqs := lab.Requests()
				if len(reqs) < 2 {
					return grader.Fail(sent, want, phraseTooFewRequests.Say(map[string]any{"N": len(reqs)}))
				}
				for i, r := range reqs {
					if r.Authorization != "Bearer "+secret {
						return grader.Fail(sent, want, phraseRequestCarried.Say(map[string]any{"N": i + 1, "Of": len(reqs), "Label": label(r), "Auth": describeAuth(r, secret)}))
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
				sent := phraseGetThrough.Say(nil)
				if rt == nil {
					return grader.Fail(sent, phraseARoundTripper.Say(nil), grader.Literal("nil"))
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1/mcp", nil)
				resp, err := rt.RoundTrip(req)
				if !called {
					// Sent some other way, typically http.DefaultTransport:
					// whatever came back, base was bypassed.
					if err == nil && resp != nil {
						resp.Body.Close()
					}
					return grader.Fail(sent, phraseBaseReceiveReq.Say(nil), phraseBaseNeverCalled.Say(map[string]any{"Result": errOrStatus(resp, err)}))
				}
				if err != nil {
					return grader.Fail(sent, phraseBaseResponse.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
				}
				resp.Body.Close()
				switch {
				case got == "":
					return grader.Fail(sent, phraseBaseReceive.Say(nil), phraseBaseNoAuth.Say(nil))
				case got != "Bearer "+secret:
					return grader.Fail(sent, phraseBaseReceive.Say(nil), phraseBaseReceived.Say(map[string]any{"Value": strconv.Quote(strings.ReplaceAll(got, secret, "<secret>"))}))
				case req.Header.Get("Authorization") != "":
					return grader.Fail(sent, phraseRequestUnchanged.Say(nil), phraseRequestChanged.Say(nil))
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

func seen(lab *probe.Lab) grader.Phrase {
	reqs := lab.Requests()
	if len(reqs) == 0 {
		return phraseNoRequest.Say(nil)
	}
	var parts []string
	for _, r := range reqs {
		parts = append(parts, label(r))
	}
	return grader.Literal(strings.Join(parts, ", "))
}

func label(r probe.Request) string {
	if r.RPCMethod != "" {
		return r.Method + " " + r.RPCMethod
	}
	return r.Method
}

func describeAuth(r probe.Request, secret string) grader.Phrase {
	switch {
	case !r.HasAuth:
		return phraseNoAuthHeader.Say(nil)
	case strings.Contains(r.Authorization, secret):
		return grader.Literal(fmt.Sprintf("Authorization: %s", strings.ReplaceAll(r.Authorization, secret, "<secret>")))
	default:
		return grader.Literal(fmt.Sprintf("Authorization: %q", r.Authorization))
	}
}

// errOrStatus describes what a RoundTrip returned.
func errOrStatus(resp *http.Response, err error) grader.Phrase {
	switch {
	case err != nil:
		return probe.PhraseErrorSaid.Say(map[string]any{"Err": err})
	case resp == nil:
		return phraseNoResponse.Say(nil)
	}
	return grader.Literal(resp.Status)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
