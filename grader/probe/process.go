package probe

import (
	"authlab/grader"
	"context"
	"crypto/tls"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
)

// Hints for each piece of process-wide state a client may change.
const (
	HintDefaultClient = "http.DefaultClient is shared by every package of the program: once its Transport adds the secret, every " +
		"request the program makes, to any host, carries it. Build a client of your own, with your own transport."
	HintDefaultTransport = "A transport you are given is for sending requests through, not for changing: http.DefaultTransport is shared by the " +
		"whole program. Wrap it, never modify it (if you must change a *http.Transport, change a copy made with its Clone method)."
	HintEnvironment = "The environment is shared by the whole process and inherited by every program it starts: keep credentials in " +
		"your own variables and never write it there."
)

// ProcessState is what of the process a client could change: the shared
// HTTP client and transport, and the environment.
type ProcessState struct {
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

// SnapshotProcess records the process-wide state a client could change.
func SnapshotProcess() ProcessState {
	s := ProcessState{client: *http.DefaultClient, transport: http.DefaultTransport, env: os.Environ()}
	if tr, ok := http.DefaultTransport.(*http.Transport); ok {
		s.proxy, s.dial, s.tls = tr.Proxy, tr.DialContext, tr.TLSClientConfig
		s.insecure = tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify
	}
	slices.Sort(s.env)
	return s
}

// Changes says how now differs from s, with the hint of the first change;
// no value shown holds secret.
func (s ProcessState) Changes(now ProcessState, secret string) (changes []grader.Phrase, hint string) {
	add := func(h string, change grader.Phrase) {
		changes = append(changes, change)
		if hint == "" {
			hint = h
		}
	}
	if !sameClient(s.client, now.client) {
		add(HintDefaultClient, phraseClientChanged.Say(map[string]any{"Type": fmt.Sprintf("%T", now.client.Transport)}))
	}
	switch {
	case !identical(s.transport, now.transport):
		add(HintDefaultTransport, phraseTransportReplaced.Say(map[string]any{"Type": fmt.Sprintf("%T", now.transport)}))
	case now.insecure && !s.insecure:
		add(HintDefaultTransport, phraseTransportInsecure.Say(nil))
	case !identical(s.proxy, now.proxy) || !identical(s.dial, now.dial) || !identical(s.tls, now.tls):
		add(HintDefaultTransport, phraseTransportModified.Say(nil))
	}
	if !slices.Equal(s.env, now.env) {
		add(HintEnvironment, phraseEnvChanged.Say(map[string]any{"Changes": envChanges(s.env, now.env, secret)}))
	}
	return changes, hint
}

// Restore puts the process back as s found it, writing only what changed:
// goroutines a client left behind may still read the rest.
func (s ProcessState) Restore() {
	now := SnapshotProcess()
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
func envChanges(before, after []string, secret string) grader.Phrase {
	was, is := envMap(before), envMap(after)
	var out []grader.Phrase
	for _, k := range slices.Sorted(maps.Keys(is)) {
		v, had := was[k]
		switch {
		case !had:
			out = append(out, phraseEnvSet.Say(map[string]any{"Name": k, "Value": shown(is[k], secret)}))
		case v != is[k]:
			out = append(out, phraseEnvChangedTo.Say(map[string]any{"Name": k, "Value": shown(is[k], secret)}))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(was)) {
		if _, ok := is[k]; !ok {
			out = append(out, phraseEnvRemoved.Say(map[string]any{"Name": k}))
		}
	}
	var all grader.Phrase
	for i, p := range out {
		if i == 0 {
			all = p
			continue
		}
		all = phraseEnvList.Say(map[string]any{"First": all, "Next": p})
	}
	return all
}

func shown(v, secret string) string {
	if strings.Contains(v, secret) {
		return strings.ReplaceAll(fmt.Sprintf("%q", v), secret, "<the credential>")
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

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.probe.default-client", HintDefaultClient)
	_ = grader.NewPhraseForm("hint.probe.default-transport", HintDefaultTransport)
	_ = grader.NewPhraseForm("hint.probe.environment", HintEnvironment)
)
