package oracle

import (
	"net/http"
	"strings"

	"authlab/grader/probe"
)

// Authorization values as a server reads them.

// AuthValues returns the Authorization values of a request as the server
// sees it.
func AuthValues(view probe.RawRequest) []string { return view.Header["Authorization"] }

// BearerCredential parses an Authorization value by RFC 6750 §2.1: the
// scheme Bearer in any case, one or more spaces, then the credential with
// no space in it. strict is false when the value does not follow that
// grammar; lenient then holds what a tolerant parser (strings.Fields with
// two fields) would take as the credential, or "" when even it finds none.
func BearerCredential(v string) (cred string, strict bool, lenient string) {
	if scheme, rest, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "Bearer") {
		rest = strings.TrimLeft(rest, " ")
		if rest != "" && !strings.ContainsAny(rest, " \t") {
			return rest, true, rest
		}
	}
	if f := strings.Fields(v); len(f) == 2 && strings.EqualFold(f[0], "Bearer") {
		return "", false, f[1]
	}
	return "", false, ""
}

// OnlyFirst applies decide to the first Authorization value of view, the
// one r.Header.Get returns. When the request carries several, refusing it
// outright is right too, and accepting it is only right when the first
// value alone is accepted.
func OnlyFirst(view probe.RawRequest, decide func(string) Expect) Expect {
	values := AuthValues(view)
	if len(values) == 0 {
		return decide("")
	}
	e := decide(values[0])
	if len(values) > 1 {
		e = e.Or(AnyRefusal())
	}
	return e
}

// OffRoute loosens e for a request that a router may turn away before any
// credential is looked at: a path other than /mcp, or a method MCP does not
// use. Any refusal is then right; getting through stays right only where e
// allows it.
func OffRoute(view probe.RawRequest, e Expect) Expect {
	switch view.Method {
	case http.MethodPost, http.MethodGet, http.MethodDelete:
		if view.Path == "/mcp" {
			return e
		}
	}
	loose := AnyRefusal()
	for _, o := range e {
		if o.Allow {
			loose = append(loose, o)
		}
	}
	return loose
}
