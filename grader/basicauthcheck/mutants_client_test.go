package basicauthcheck

// Mutants of the client: the header missing from some requests, the
// RoundTripper contract broken, the secret following a redirect elsewhere,
// process-wide state changed, the caller's deadline ignored.

import (
	"context"
	"crypto/tls"
	"net/http"
	"os"

	"authlab/grader/gradertest"
	"authlab/grader/probe"
	"authlab/solutions/basicauth"
)

func clientMutants() []mutant {
	// Mutants that change process-wide state put it back when done.
	pristine := probe.SnapshotProcess()
	return []mutant{
		{
			// Models the stub's TODO left as is: the SDK's default http.Client sends no credential.
			Name: "ListTools ignores the secret",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, _ string) ([]string, error) {
					return listToolsWith(ctx, endpoint, nil)
				}
			}),
			MustFail: []string{"client-lists-tools", "client-header-every-request"},
		},
		{
			// Models a placeholder left in place: no error, no tools, no request.
			Name: "ListTools never written",
			Target: changed(func(t *Target) {
				t.ListTools = func(context.Context, string, string) ([]string, error) { return nil, nil }
			}),
			MustFail: []string{"client-lists-tools", "client-header-every-request"},
		},
		{
			Name: "header on the first request only",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &gradertest.FirstOnlyTransport{Credential: secret, Base: base}
			}),
			MustFail: []string{"client-lists-tools", "client-header-every-request"},
		},
		{
			Name: "header on POST only",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &postOnlyTransport{secret: secret, base: base}
			}),
			// client-keeps-request sends a GET, which gets no header either.
			MustFail: []string{"client-header-every-request", "client-keeps-request"},
		},
		{
			Name: "RoundTrip mutates the request",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &mutatingTransport{secret: secret, base: base}
			}),
			MustFail: []string{"client-keeps-request"},
		},
		{
			Name: "RoundTrip ignores base",
			Target: withTransport(func(secret string, _ http.RoundTripper) http.RoundTripper {
				return &ignoresBaseTransport{secret: secret}
			}),
			MustFail: []string{"client-keeps-request"},
		},
		{
			Name: "secret sent without Bearer",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				return &gradertest.BareTransport{Credential: secret, Base: base}
			}),
			MustFail: []string{"client-lists-tools", "client-header-every-request", "client-keeps-request"},
		},
		{
			// Models the client as the solution wrote it before: the
			// http.Client follows every redirect, and the transport adds
			// the secret to each hop.
			Name: "redirects followed to any origin",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
					return listToolsWith(ctx, endpoint, &http.Client{Transport: basicauth.NewTransport(secret, http.DefaultTransport)}) // BUG: no CheckRedirect
				}
			}),
			MustFail: []string{"client-secret-only-to-server"},
		},
		{
			// Models a CheckRedirect that compares host names: 127.0.0.1
			// on another port is another origin all the same.
			Name: "redirect check ignores the port",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
					return listToolsWith(ctx, endpoint, &http.Client{
						Transport: basicauth.NewTransport(secret, http.DefaultTransport),
						CheckRedirect: func(req *http.Request, via []*http.Request) error {
							if req.URL.Hostname() != via[0].URL.Hostname() { // BUG: the port is part of the origin
								return http.ErrUseLastResponse
							}
							return nil
						},
					})
				}
			}),
			MustFail: []string{"client-secret-only-to-server"},
		},
		{
			// Models `hc := http.DefaultClient` taken for a copy: setting
			// its Transport puts the secret on every request the program
			// makes, and drops the solution's CheckRedirect too.
			Name: "transport installed on http.DefaultClient",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
					hc := http.DefaultClient
					hc.Transport = basicauth.NewTransport(secret, http.DefaultTransport) // BUG: changes the shared client
					return listToolsWith(ctx, endpoint, hc)
				}
			}),
			MustFail: []string{"client-keeps-process-state", "client-secret-only-to-server"},
			Cleanup:  pristine.Restore,
		},
		{
			Name: "base transport told to skip certificate checks",
			Target: withTransport(func(secret string, base http.RoundTripper) http.RoundTripper {
				if tr, ok := base.(*http.Transport); ok {
					tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} // BUG: base is http.DefaultTransport, shared
				}
				return &gradertest.BearerTransport{Credential: secret, Base: base}
			}),
			MustFail: []string{"client-keeps-process-state"},
			Cleanup:  pristine.Restore,
		},
		{
			Name: "secret handed over in the environment",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
					os.Setenv("MCP_BEARER_TOKEN", secret) // BUG: every child process inherits it
					return basicauth.ListTools(ctx, endpoint, secret)
				}
			}),
			MustFail: []string{"client-keeps-process-state"},
			Cleanup:  pristine.Restore,
		},
		{
			// Models a session meant to outlive the call: the caller's
			// deadline no longer bounds the wait.
			Name: "ListTools connects with context.Background()",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
					hc := clientWith(basicauth.NewTransport(secret, http.DefaultTransport))
					return listToolsWith(context.Background(), endpoint, hc) // BUG: ctx is dropped
				}
			}),
			MustFail: []string{"client-honours-deadline"},
		},
	}
}

// Models adding the header to JSON-RPC POSTs only, forgetting the session's
// other requests (the GET that opens its event stream, the DELETE that
// closes it).
type postOnlyTransport struct {
	secret string
	base   http.RoundTripper
}

func (t *postOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if r.Method == http.MethodPost { // BUG
		r.Header.Set("Authorization", "Bearer "+t.secret)
	}
	return t.base.RoundTrip(r)
}

// Models setting the header on the caller's request, breaking the
// RoundTripper contract.
type mutatingTransport struct {
	secret string
	base   http.RoundTripper
}

func (t *mutatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+t.secret) // BUG: no Clone
	return t.base.RoundTrip(req)
}

// Models sending through http.DefaultTransport instead of the base given.
type ignoresBaseTransport struct {
	secret string
}

func (t *ignoresBaseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.secret)
	return http.DefaultTransport.RoundTrip(r) // BUG: base is ignored
}
