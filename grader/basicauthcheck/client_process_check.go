package basicauthcheck

import (
	"context"
	"crypto/tls"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
)

// Hints for each piece of process-wide state a client may change.
const (
	hintDefaultClient = "http.DefaultClient is shared by every package of the program: once its Transport adds the secret, every " +
		"request the program makes, to any host, carries it. Build a client of your own: &http.Client{Transport: NewTransport(secret, http.DefaultTransport)}."
	hintDefaultTransport = "NewTransport receives base to send requests through, not to change: http.DefaultTransport is shared by the " +
		"whole program. Wrap it, never modify it (if you must change a *http.Transport, change a copy made with its Clone method)."
	hintEnvironment = "The environment is shared by the whole process and inherited by every program it starts: keep the secret in " +
		"your own variables and never write it there."
)

// processCheck demands that the learner's client leave process-wide state
// as it found it: http.DefaultClient, http.DefaultTransport and the
// environment.
func processCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-keeps-process-state", Name: "Your client leaves http.DefaultClient, http.DefaultTransport and the environment alone",
		Sends: "ListTools(ctx, endpoint, secret) and a request through NewTransport(secret, http.DefaultTransport); then a plain " +
			"request through http.DefaultClient to another server",
		Expect: "http.DefaultClient, http.DefaultTransport and the environment unchanged, and no Authorization header on the plain request",
		Hint:   hintDefaultClient,
		Run: func(ctx context.Context) error {
			before := snapshotProcess()
			defer before.restore()
			lab, secret, err := referenceServer()
			if err != nil {
				return err
			}
			defer lab.Close()
			_, _ = t.ListTools(ctx, lab.URL, secret)
			if rt := t.NewTransport(secret, http.DefaultTransport); rt != nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, lab.URL, nil)
				if resp, err := rt.RoundTrip(req); err == nil {
					resp.Body.Close()
				}
			}
			changes, hint := before.changes(snapshotProcess(), secret)

			// Whatever the snapshot shows, what matters is what a plain
			// request of the rest of the program now carries.
			elsewhere := &recordingServer{}
			other := httptest.NewServer(elsewhere)
			defer other.Close()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, other.URL+"/elsewhere", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
			for _, r := range elsewhere.requests() {
				if label, piece := probe.Leaked(r.text, []probe.Secret{{Label: "the secret", Value: secret}}); label != "" {
					changes = append(changes, "a plain http.DefaultClient request to another server now carries the secret "+where(r.text, secret, piece))
					hint = hintDefaultClient
				}
			}
			if len(changes) == 0 {
				return nil
			}
			f := grader.Failf("ListTools and NewTransport, then a plain request through http.DefaultClient",
				"the process as it was: http.DefaultClient, http.DefaultTransport and the environment unchanged", "%s", strings.Join(changes, "; "))
			f.Hint = hint
			f.Detail = "authlab put the changed state back, so that the checks after this one are not affected."
			return f
		},
	}
}

// processState is what of the process a client could change.
type processState struct {
	client    http.Client // a copy of http.DefaultClient
	transport http.RoundTripper
	// Of http.DefaultTransport, when it is an *http.Transport: where it
	// connects through, and how it checks certificates.
	proxy    func(*http.Request) (*url.URL, error)
	dial     func(ctx context.Context, network, addr string) (net.Conn, error)
	tls      *tls.Config
	insecure bool
	env      []string // sorted
}

func snapshotProcess() processState {
	s := processState{client: *http.DefaultClient, transport: http.DefaultTransport, env: os.Environ()}
	if tr, ok := http.DefaultTransport.(*http.Transport); ok {
		s.proxy, s.dial, s.tls = tr.Proxy, tr.DialContext, tr.TLSClientConfig
		s.insecure = tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify
	}
	slices.Sort(s.env)
	return s
}

// changes says how now differs from s, with the hint of the first change.
func (s processState) changes(now processState, secret string) (changes []string, hint string) {
	add := func(h, format string, args ...any) {
		changes = append(changes, fmt.Sprintf(format, args...))
		if hint == "" {
			hint = h
		}
	}
	if !sameClient(s.client, now.client) {
		add(hintDefaultClient, "http.DefaultClient was changed (its Transport is now %T)", now.client.Transport)
	}
	switch {
	case !identical(s.transport, now.transport):
		add(hintDefaultTransport, "http.DefaultTransport was replaced (it is now %T)", now.transport)
	case now.insecure && !s.insecure:
		add(hintDefaultTransport, "http.DefaultTransport no longer verifies certificates (InsecureSkipVerify is now true)")
	case !identical(s.proxy, now.proxy) || !identical(s.dial, now.dial) || !identical(s.tls, now.tls):
		add(hintDefaultTransport, "http.DefaultTransport was modified (its Proxy, DialContext or TLSClientConfig)")
	}
	if !slices.Equal(s.env, now.env) {
		add(hintEnvironment, "the environment changed: %s", envChanges(s.env, now.env, secret))
	}
	return changes, hint
}

// restore puts the process back as s found it, writing only what changed:
// goroutines a client left behind may still read the rest.
func (s processState) restore() {
	now := snapshotProcess()
	if !sameClient(s.client, now.client) {
		*http.DefaultClient = s.client
	}
	if !identical(s.transport, now.transport) {
		http.DefaultTransport = s.transport
	}
	if tr, ok := s.transport.(*http.Transport); ok {
		if !identical(tr.Proxy, s.proxy) || !identical(tr.DialContext, s.dial) || tr.TLSClientConfig != s.tls {
			tr.Proxy, tr.DialContext, tr.TLSClientConfig = s.proxy, s.dial, s.tls
		}
		if s.tls != nil && s.tls.InsecureSkipVerify != s.insecure {
			s.tls.InsecureSkipVerify = s.insecure
		}
	}
	was, is := envMap(s.env), envMap(now.env)
	for k := range is {
		if _, ok := was[k]; !ok {
			os.Unsetenv(k)
		}
	}
	for k, v := range was {
		if is[k] != v {
			os.Setenv(k, v)
		}
	}
}

// envChanges says which variables were set, changed or removed, showing
// no value that holds the secret.
func envChanges(before, after []string, secret string) string {
	was, is := envMap(before), envMap(after)
	var out []string
	for _, k := range slices.Sorted(maps.Keys(is)) {
		v, had := was[k]
		switch {
		case !had:
			out = append(out, k+" set to "+shown(is[k], secret))
		case v != is[k]:
			out = append(out, k+" changed to "+shown(is[k], secret))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(was)) {
		if _, ok := is[k]; !ok {
			out = append(out, k+" removed")
		}
	}
	return strings.Join(out, ", ")
}

func shown(v, secret string) string {
	if strings.Contains(v, secret) {
		return strings.ReplaceAll(fmt.Sprintf("%q", v), secret, "<the secret>")
	}
	return fmt.Sprintf("%q", v)
}

func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// sameClient reports whether two copies of an http.Client have the same
// fields.
func sameClient(a, b http.Client) bool {
	return identical(a.Transport, b.Transport) && identical(a.CheckRedirect, b.CheckRedirect) && identical(a.Jar, b.Jar) && a.Timeout == b.Timeout
}

// identical reports whether a and b are the very same value: the same
// pointer, function or map, or equal comparable values.
func identical(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	switch {
	case !va.IsValid() || !vb.IsValid():
		return va.IsValid() == vb.IsValid()
	case va.Type() != vb.Type():
		return false
	}
	switch va.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Chan, reflect.UnsafePointer, reflect.Slice:
		return va.Pointer() == vb.Pointer()
	}
	return va.Comparable() && va.Equal(vb)
}
