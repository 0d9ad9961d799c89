package gradertest

import (
	"net/http"
	"sync"
)

// The RoundTrippers below are a client's ways to send a credential (a
// secret, a token) that the stages' client checks judge: the right one and
// the classic mistakes, each marked `// BUG`. Each sends through Base.

// BearerTransport sends "Authorization: Bearer <Credential>" on a clone of
// every request, wherever it goes.
type BearerTransport struct {
	Credential string
	Base       http.RoundTripper
}

// RoundTrip sends a clone of req with the credential.
func (t *BearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.Credential)
	return t.Base.RoundTrip(r)
}

// FirstOnlyTransport models authenticating the connection once, as if the
// server remembered it: only the first request carries the credential.
type FirstOnlyTransport struct {
	Credential string
	Base       http.RoundTripper
	once       sync.Once
}

// RoundTrip sends a clone of req, with the credential the first time only.
func (t *FirstOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	t.once.Do(func() { r.Header.Set("Authorization", "Bearer "+t.Credential) }) // BUG
	return t.Base.RoundTrip(r)
}

// BareTransport models sending the bare credential, forgetting the Bearer
// scheme.
type BareTransport struct {
	Credential string
	Base       http.RoundTripper
}

// RoundTrip sends a clone of req with the credential and no scheme.
func (t *BareTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", t.Credential) // BUG: no "Bearer "
	return t.Base.RoundTrip(r)
}
