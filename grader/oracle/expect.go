package oracle

import (
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"

	"authlab/grader"
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

// The texts of what a model accepts and of why an answer is wrong.
var (
	phraseOr            = grader.NewPhraseForm("oracle.or", "{{.First}}, or {{.Rest}}")
	phraseAllowedAs     = grader.NewPhraseForm("oracle.allowed-as", "the request gets through, and the tools see user {{.User}} with {{.Scopes}}")
	phraseAllowed       = grader.NewPhraseForm("oracle.allowed", "the request gets through to the MCP handler")
	phraseAnyRefusal    = grader.NewPhraseForm("oracle.any-refusal", "a refusal (4xx, or a redirect) that stops the request in your code")
	phraseNoScopes      = grader.NewPhraseForm("oracle.no-scopes", "no permissions")
	phraseScopes        = grader.NewPhraseForm("oracle.scopes", "permissions [{{.Scopes}}]")
	phraseServerError   = grader.NewPhraseForm("oracle.server-error", "{{.Answer}}: a server error")
	phraseBecause       = grader.NewPhraseForm("oracle.because", "{{.Answer}}: {{.Reason}}")
	phraseRefusedWrong  = grader.NewPhraseForm("oracle.refused-wrongly", "it was refused, yet it must get through")
	phraseNoClaims      = grader.NewPhraseForm("oracle.no-claims", "the request got through with no verified claims in its context: ClaimsFrom finds nothing")
	phraseNoTokenInfo   = grader.NewPhraseForm("oracle.no-token-info", "the tool learned nothing of its caller (no auth.TokenInfo)")
	phraseToolSeesOther = grader.NewPhraseForm("oracle.tool-sees-other", "the tool says user {{.User}} with {{.Scopes}}, not {{.WantUser}} with {{.WantScopes}}")
	phraseCtxSeesOther  = grader.NewPhraseForm("oracle.context-sees-other", "the request's context (ClaimsFrom) says user {{.User}} with {{.Scopes}}, not {{.WantUser}} with {{.WantScopes}}")
	phraseGotThrough    = grader.NewPhraseForm("oracle.got-through", "it got through to the MCP handler, yet it must be refused")
	phraseToolRan       = grader.NewPhraseForm("oracle.tool-ran", "the tool {{.Tool}} ran, yet the request must be refused")
	phraseNotARefusal   = grader.NewPhraseForm("oracle.not-a-refusal", "the status is {{.Status}}, not a refusal")
	phraseWithChallenge = grader.NewPhraseForm("oracle.answer-challenge", "{{.Answer}}, WWW-Authenticate: {{.Challenge}}")
	phraseWithReached   = grader.NewPhraseForm("oracle.answer-reached", "{{.Answer}}, reached the MCP handler")
	phraseWithRan       = grader.NewPhraseForm("oracle.answer-ran", "{{.Answer}}, ran {{.Tools}}")
)

// String says in words what the model accepts.
func (e Expect) String() string { return e.Phrase().Text }

// Phrase says in a phrase authlab may translate what the model accepts.
func (e Expect) Phrase() grader.Phrase {
	if len(e) == 0 {
		return grader.Literal("")
	}
	p := e[len(e)-1].Phrase()
	for i := len(e) - 2; i >= 0; i-- {
		p = phraseOr.Say(map[string]any{"First": e[i].Phrase(), "Rest": p})
	}
	return p
}

func (o Outcome) String() string { return o.Phrase().Text }

// Phrase says the outcome in a phrase authlab may translate.
func (o Outcome) Phrase() grader.Phrase {
	switch {
	case o.Allow && o.Identity != nil:
		return phraseAllowedAs.Say(map[string]any{"User": strconv.Quote(o.Identity.UserID), "Scopes": scopesPhrase(o.Identity.Scopes)})
	case o.Allow:
		return phraseAllowed.Say(nil)
	case o.Refusal.Status == 0:
		return phraseAnyRefusal.Say(nil)
	}
	return o.Refusal.ExpectedPhrase()
}

func scopesPhrase(scopes []string) grader.Phrase {
	if len(scopes) == 0 {
		return phraseNoScopes.Say(nil)
	}
	return phraseScopes.Say(map[string]any{"Scopes": strings.Join(scopes, ", ")})
}

// Judge says how the answer and effect of a request differ from every
// outcome e accepts, or returns nil when one of them matches. Whatever the
// model, a server error (5xx) and a refusal that repeats the credential are
// wrong.
func (e Expect) Judge(ex *probe.Exchange, eff probe.Effect, credential string) *Disagreement {
	got := describe(ex, eff)
	if ex.Status >= 500 {
		return e.disagree(phraseServerError.Say(map[string]any{"Answer": got}))
	}
	var reasons []grader.Phrase
	for _, o := range e {
		reason, wrong := o.judge(ex, eff, credential)
		if !wrong {
			return nil
		}
		reasons = append(reasons, reason)
	}
	return e.disagree(phraseBecause.Say(map[string]any{"Answer": got, "Reason": reasons[0]}))
}

// disagree returns the disagreement of an answer that got what got says.
func (e Expect) disagree(got ...grader.Phrase) *Disagreement {
	want := e.Phrase()
	return &Disagreement{Expected: want.Text, ExpectedPhrase: &want, Got: grader.JoinPhrases(got), GotPhrases: got}
}

// judge says why the answer and effect are not o, and whether they are not.
func (o Outcome) judge(ex *probe.Exchange, eff probe.Effect, credential string) (grader.Phrase, bool) {
	if o.Allow {
		if !eff.Reached {
			return phraseRefusedWrong.Say(nil), true
		}
		if o.Identity != nil {
			for _, id := range judged(eff.Identities) {
				if !id.Known {
					if id.Context {
						return phraseNoClaims.Say(nil), true
					}
					return phraseNoTokenInfo.Say(nil), true
				}
				if id.UserID != o.Identity.UserID || !probe.SameSet(id.Scopes, o.Identity.Scopes) {
					form := phraseToolSeesOther
					if id.Context {
						form = phraseCtxSeesOther
					}
					return form.Say(map[string]any{
						"User": strconv.Quote(id.UserID), "Scopes": scopesPhrase(id.Scopes),
						"WantUser": strconv.Quote(o.Identity.UserID), "WantScopes": scopesPhrase(o.Identity.Scopes),
					}), true
				}
			}
		}
		return grader.Phrase{}, false
	}
	switch {
	case eff.Reached:
		return phraseGotThrough.Say(nil), true
	case len(eff.Ran) > 0:
		return phraseToolRan.Say(map[string]any{"Tool": eff.Ran[0]}), true
	case o.Refusal.Status == 0 && (ex.Status < 300 || ex.Status >= 500):
		return phraseNotARefusal.Say(map[string]any{"Status": ex.Status}), true
	}
	if o.Refusal.Status != 0 {
		if wrong := o.Refusal.JudgePhrase(ex.Status, ex.WWWAuthenticate); wrong.Text != "" {
			return wrong, true
		}
	}
	if echo := probe.EchoPhrase(ex, credential); echo.Text != "" {
		return echo, true
	}
	return grader.Phrase{}, false
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
func describe(ex *probe.Exchange, eff probe.Effect) grader.Phrase {
	p := grader.Literal(fmt.Sprintf("%d %s", ex.Status, http.StatusText(ex.Status)))
	if ex.WWWAuthenticate != "" {
		p = phraseWithChallenge.Say(map[string]any{"Answer": p, "Challenge": ex.WWWAuthenticate})
	}
	if eff.Reached {
		p = phraseWithReached.Say(map[string]any{"Answer": p})
	}
	if len(eff.Ran) > 0 {
		p = phraseWithRan.Say(map[string]any{"Answer": p, "Tools": strings.Join(eff.Ran, ", ")})
	}
	return p
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
