package oracle

import (
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strings"

	"authlab/grader/probe"
)

// Outcome is one answer the model accepts.
type Outcome struct {
	// Allow means the request must get through to the MCP handler.
	Allow bool
	// Identity, when set on an Allow, is what the tools must learn of their
	// caller (auth.TokenInfo): this user id and these scopes, as a set.
	Identity *probe.Identity
	// Refusal, on a refusal, is how it must be refused. A zero Status
	// accepts any 4xx, with no demand on the challenge.
	Refusal probe.Refusal
}

// Expect is every answer the model accepts for one request: most requests
// have one right answer; some, such as a token that expired a few seconds
// ago, leave the server a choice.
type Expect []Outcome

// Allowed is the answer to a request that must get through.
func Allowed() Expect { return Expect{{Allow: true}} }

// Refused is the answer to a request that must be refused with r.
func Refused(r probe.Refusal) Expect { return Expect{{Refusal: r}} }

// AnyRefusal accepts any refusal that stops the request: a 4xx, or a
// redirect elsewhere.
func AnyRefusal() Expect { return Expect{{}} }

// Or accepts the answers of e and of other.
func (e Expect) Or(other Expect) Expect { return append(slices.Clone(e), other...) }

// String says in words what the model accepts.
func (e Expect) String() string {
	var parts []string
	for _, o := range e {
		parts = append(parts, o.String())
	}
	return strings.Join(parts, ", or ")
}

func (o Outcome) String() string {
	switch {
	case o.Allow && o.Identity != nil:
		return fmt.Sprintf("the request gets through, and the tools see user %q with %s", o.Identity.UserID, scopesText(o.Identity.Scopes))
	case o.Allow:
		return "the request gets through to the MCP handler"
	case o.Refusal.Status == 0:
		return "a refusal (4xx, or a redirect) that stops the request in your code"
	}
	return o.Refusal.Expected()
}

func scopesText(scopes []string) string {
	if len(scopes) == 0 {
		return "no permissions"
	}
	return "permissions [" + strings.Join(scopes, ", ") + "]"
}

// Judge says how the answer and effect of a request differ from every
// outcome e accepts, or returns nil when one of them matches. Whatever the
// model, a server error (5xx) and a refusal that repeats the credential are
// wrong.
func (e Expect) Judge(ex *probe.Exchange, eff probe.Effect, credential string) *Disagreement {
	got := describe(ex, eff)
	if ex.Status >= 500 {
		return &Disagreement{Expected: e.String(), Got: got + ": a server error"}
	}
	var reasons []string
	for _, o := range e {
		reason := o.judge(ex, eff, credential)
		if reason == "" {
			return nil
		}
		reasons = append(reasons, reason)
	}
	return &Disagreement{Expected: e.String(), Got: got + ": " + reasons[0]}
}

func (o Outcome) judge(ex *probe.Exchange, eff probe.Effect, credential string) string {
	if o.Allow {
		if !eff.Reached {
			return "it was refused, yet it must get through"
		}
		if o.Identity != nil {
			for _, id := range judged(eff.Identities) {
				who := "the tool"
				if id.Context {
					who = "the request's context (ClaimsFrom)"
				}
				if !id.Known {
					if id.Context {
						return "the request got through with no verified claims in its context: ClaimsFrom finds nothing"
					}
					return "the tool learned nothing of its caller (no auth.TokenInfo)"
				}
				if id.UserID != o.Identity.UserID || !probe.SameSet(id.Scopes, o.Identity.Scopes) {
					return fmt.Sprintf("%s says user %q with %s, not %q with %s",
						who, id.UserID, scopesText(id.Scopes), o.Identity.UserID, scopesText(o.Identity.Scopes))
				}
			}
		}
		return ""
	}
	switch {
	case eff.Reached:
		return "it got through to the MCP handler, yet it must be refused"
	case len(eff.Ran) > 0:
		return "the tool " + eff.Ran[0] + " ran, yet the request must be refused"
	case o.Refusal.Status == 0 && (ex.Status < 300 || ex.Status >= 500):
		return fmt.Sprintf("the status is %d, not a refusal", ex.Status)
	}
	if o.Refusal.Status != 0 {
		if wrong := o.Refusal.Judge(ex.Status, ex.WWWAuthenticate); wrong != "" {
			return wrong
		}
	}
	if echo := probe.Echoes(ex, credential); echo != "" {
		return echo
	}
	return ""
}

// judged returns the identities an expected identity is judged on: those
// read from the request's context when the lab reads any (stage 2 hands
// claims on there, and its tools see no TokenInfo), else the tools' own.
func judged(ids []probe.Identity) []probe.Identity {
	var fromContext []probe.Identity
	for _, id := range ids {
		if id.Context {
			fromContext = append(fromContext, id)
		}
	}
	if len(fromContext) > 0 {
		return fromContext
	}
	return ids
}

// describe says in a few words what came back.
func describe(ex *probe.Exchange, eff probe.Effect) string {
	s := fmt.Sprintf("%d %s", ex.Status, http.StatusText(ex.Status))
	if ex.WWWAuthenticate != "" {
		s += ", WWW-Authenticate: " + ex.WWWAuthenticate
	}
	if eff.Reached {
		s += ", reached the MCP handler"
	}
	if len(eff.Ran) > 0 {
		s += ", ran " + strings.Join(eff.Ran, ", ")
	}
	return s
}

// ServerView returns req as a Go server reads it: header names
// canonicalized and values stripped of the spaces and tabs around them.
// Models decide on this view, so that changes the server cannot see never
// count.
func ServerView(req probe.RawRequest) probe.RawRequest {
	view := req
	view.Header = http.Header{}
	// net/http writes header fields sorted by name, so that is the order
	// in which the server merges names that differ only in case.
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		key := textproto.CanonicalMIMEHeaderKey(k)
		for _, v := range req.Header[k] {
			view.Header[key] = append(view.Header[key], strings.Trim(v, " \t"))
		}
	}
	return view
}
