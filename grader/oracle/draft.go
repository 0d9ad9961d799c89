package oracle

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"authlab/grader/probe"

	"github.com/golang-jwt/jwt/v5"
)

// Draft is a request in structured form, as steps change it: the envelope,
// the credential and where it is written.
type Draft struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header    // other headers, names as given
	Body   map[string]any // the JSON-RPC request; nil sends no body
	// RawBody, when set, is sent instead of Body.
	RawBody []byte

	// Cred is the credential: the shared secret, or, when Token is set,
	// the token it renders to.
	Cred  string
	Token *Token
	// Edits change the rendered credential, in order (a byte flipped, a
	// character cut).
	Edits []func(string) string
	// Scheme and Sep start the Authorization value: "Bearer" and " ".
	Scheme, Sep string
	// Suffix follows the credential in the Authorization value.
	Suffix string
	// Places says where the credential is written. The Authorization
	// header is among them unless a step moved it away.
	Places []Place
	// ExtraAuth are further Authorization values, sent after the first.
	ExtraAuth []string

	// Labels name the secrets a description must not show, by value:
	// "the secret", "the password".
	Labels map[string]string
}

// Place is somewhere a credential can be written.
type Place struct {
	Kind string // "header", "query", "cookie" or "body"
	Name string // the header, parameter, cookie or top-level body field
	// Bearer writes "Bearer <credential>" rather than the bare credential.
	Bearer bool
}

// Authorization is the usual place of a credential.
var Authorization = Place{Kind: "header", Name: "Authorization"}

// Clone returns a deep enough copy of d for steps to change freely.
func (d *Draft) Clone() *Draft {
	c := *d
	c.Query = cloneValues(d.Query)
	c.Header = d.Header.Clone()
	if c.Header == nil {
		c.Header = http.Header{}
	}
	c.Body = cloneMap(d.Body)
	c.Edits = slices.Clone(d.Edits)
	c.Places = slices.Clone(d.Places)
	c.ExtraAuth = slices.Clone(d.ExtraAuth)
	if d.Token != nil {
		c.Token = d.Token.Clone()
	}
	return &c
}

// Credential returns the credential as sent: rendered from the token, then
// edited.
func (d *Draft) Credential() string {
	cred := d.Cred
	if d.Token != nil {
		cred = d.Token.Render()
	}
	for _, edit := range d.Edits {
		cred = edit(cred)
	}
	return cred
}

// AuthValue returns the Authorization value the draft sends first.
func (d *Draft) AuthValue() string {
	return d.Scheme + d.Sep + d.Credential() + d.Suffix
}

// Render builds the request d describes.
func (d *Draft) Render() probe.RawRequest {
	req := probe.RawRequest{Method: d.Method, Path: d.Path, Query: cloneValues(d.Query), Header: d.Header.Clone()}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if req.Query == nil {
		req.Query = url.Values{}
	}
	body := cloneMap(d.Body)
	cred := d.Credential()
	for _, p := range d.Places {
		value := cred
		if p.Bearer {
			value = "Bearer " + cred
		}
		switch p.Kind {
		case "header":
			if p == Authorization {
				value = d.AuthValue()
			}
			req.Header[p.Name] = append(req.Header[p.Name], value)
		case "query":
			req.Query.Add(p.Name, value)
		case "cookie":
			req.Header["Cookie"] = append(req.Header["Cookie"], p.Name+"="+url.QueryEscape(value))
		case "body":
			if body == nil {
				body = map[string]any{}
			}
			body[p.Name] = value
		}
	}
	if len(d.ExtraAuth) > 0 {
		req.Header["Authorization"] = append(req.Header["Authorization"], d.ExtraAuth...)
	}
	switch {
	case d.RawBody != nil:
		req.Body = d.RawBody
	case body != nil:
		req.Body, _ = json.Marshal(body)
	}
	return req
}

// Describe shows the request d renders to, one line per part, with every
// labelled secret replaced by its label.
func (d *Draft) Describe() string {
	req := d.Render()
	var b strings.Builder
	target := req.Path
	if len(req.Query) > 0 {
		target += "?" + req.Query.Encode()
	}
	fmt.Fprintf(&b, "%s %s", req.Method, target)
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range req.Header[k] {
			fmt.Fprintf(&b, "\n%s: %s", k, v)
		}
	}
	if _, ok := req.Header["Authorization"]; !ok {
		b.WriteString("\n(no Authorization header)")
	}
	if len(req.Body) > 0 {
		fmt.Fprintf(&b, "\n\n%s", req.Body)
	}
	return d.redact(b.String())
}

// redact replaces labelled secrets, and the token, by their labels.
func (d *Draft) redact(s string) string {
	if d.Token != nil {
		raw := d.Token.Render()
		if cred := d.Credential(); cred != raw && len(cred) > 20 {
			s = strings.ReplaceAll(s, cred, "<the token, changed>")
		}
		s = strings.ReplaceAll(s, raw, "<token "+d.Token.Describe()+">")
	}
	secrets := make([]string, 0, len(d.Labels))
	for v := range d.Labels {
		secrets = append(secrets, v)
	}
	// Longest first, so that a secret containing another is replaced whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "<"+d.Labels[v]+">")
		}
	}
	return s
}

// Token is a JSON Web Token in structured form.
type Token struct {
	Header map[string]any // alg, typ, kid…
	Claims map[string]any
	// Method signs the token; nil leaves the signature empty.
	Method jwt.SigningMethod
	Key    any
	// KeyLabel says which key signed it: "the right key", "another key".
	KeyLabel string
}

// Clone returns a copy whose header and claims can change freely.
func (t *Token) Clone() *Token {
	c := *t
	c.Header, c.Claims = cloneMap(t.Header), cloneMap(t.Claims)
	return &c
}

// Render encodes and signs the token.
func (t *Token) Render() string {
	h, _ := json.Marshal(t.Header)
	c, _ := json.Marshal(t.Claims)
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	if t.Method == nil {
		return signing + "."
	}
	sig, err := t.Method.Sign(signing, t.Key)
	if err != nil {
		return signing + "." + enc.EncodeToString([]byte("unsignable"))
	}
	return signing + "." + enc.EncodeToString(sig)
}

// Describe shows the token's header and claims, and what signed it.
func (t *Token) Describe() string {
	h, _ := json.Marshal(t.Header)
	c, _ := json.Marshal(t.Claims)
	signed := "unsigned"
	if t.Method != nil {
		signed = "signed " + t.Method.Alg() + " with " + t.KeyLabel
	}
	return fmt.Sprintf("%s.%s %s", h, c, signed)
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	c := url.Values{}
	for k, vs := range v {
		c[k] = slices.Clone(vs)
	}
	return c
}

// cloneMap copies a decoded-JSON-like map, nested maps and slices too.
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = cloneValue(v)
	}
	return c
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return cloneMap(v)
	case []any:
		c := make([]any, len(v))
		for i, x := range v {
			c[i] = cloneValue(x)
		}
		return c
	case []string:
		return slices.Clone(v)
	}
	return v
}
