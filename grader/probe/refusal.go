package probe

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/internal/catalog"
)

// Refusal is how a protected endpoint must turn a request away.
type Refusal struct {
	Status int
	// Challenge says the answer must carry a well-formed Bearer challenge
	// (RFC 6750 §3) in WWW-Authenticate.
	Challenge bool
	// Error is the error parameter the challenge must carry; "" means it
	// must carry none, as when no credential was sent.
	Error string
	// Scope, when set, is the scope parameter the challenge must carry, as
	// a space-separated set.
	Scope string
}

// NoCredential is the answer to a request that carries no credential, in
// every stage: 401 and a Bearer challenge with no error code (RFC 6750 §3.1).
var NoCredential = Refusal{Status: http.StatusUnauthorized, Challenge: true}

// ChallengeText says in words the challenge r demands.
func (r Refusal) ChallengeText() string {
	if !r.Challenge {
		return ""
	}
	s := "WWW-Authenticate: Bearer"
	var params []string
	if r.Error != "" {
		params = append(params, fmt.Sprintf("error=%q", r.Error))
	}
	if r.Scope != "" {
		params = append(params, fmt.Sprintf("scope=%q", r.Scope))
	}
	if len(params) > 0 {
		s += " " + strings.Join(params, ", ")
	}
	return s
}

// Expected says in words what a correct refusal looks like.
func (r Refusal) Expected() string { return r.ExpectedPhrase().Text }

// The phrases saying what a correct refusal looks like.
var (
	phraseExpectRefusal          = grader.NewPhraseForm("refusal.expected", "{{.Status}}, and the request stops in your middleware")
	phraseExpectRefusalChallenge = grader.NewPhraseForm("refusal.expected-challenge", "{{.Status}} with {{.Challenge}}, and the request stops in your middleware")
)

// ExpectedPhrase is Expected as a phrase authlab may translate.
func (r Refusal) ExpectedPhrase() grader.Phrase {
	status := fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status))
	if c := r.ChallengeText(); c != "" {
		return phraseExpectRefusalChallenge.Say(map[string]any{"Status": status, "Challenge": c})
	}
	return phraseExpectRefusal.Say(map[string]any{"Status": status})
}

// failRefusal is Fail for a refusal that went wrong: what it expected is
// said in a phrase too.
func (l *Lab) failRefusal(sent grader.Phrase, want Refusal, got ...grader.Phrase) *grader.Failure {
	return l.FailSay(sent, want.ExpectedPhrase(), got...)
}

// The phrases a refusal's judgement says, which authlab may translate.
var (
	phraseWrongStatus        = grader.NewPhraseForm("refusal.wrong-status", "the status is {{.Got}}, not {{.Want}}")
	phraseNoChallenge        = grader.NewPhraseForm("refusal.no-challenge", "there is no WWW-Authenticate header: every 401 carries a challenge (RFC 9110 §11.6.1)")
	phraseMalformedChallenge = grader.NewPhraseForm("refusal.malformed-challenge", "WWW-Authenticate is malformed: {{.Err}}")
	phraseWrongScheme        = grader.NewPhraseForm("refusal.wrong-scheme", "the challenge's scheme is {{.Scheme}}, not Bearer")
	phraseErrorWithoutToken  = grader.NewPhraseForm("refusal.error-without-credential", "the challenge carries error={{.Got}}, but no credential was sent: RFC 6750 §3.1 says to send no error code then")
	phraseNoErrorCode        = grader.NewPhraseForm("refusal.no-error-code", "the challenge carries no error code; it should say error={{.Want}}")
	phraseWrongErrorCode     = grader.NewPhraseForm("refusal.wrong-error-code", "the challenge says error={{.Got}}, not {{.Want}}")
	phraseWrongScope         = grader.NewPhraseForm("refusal.wrong-scope", "the challenge's scope is {{.Got}}, not {{.Want}}")
	phraseReachedAfterStatus = grader.NewPhraseForm("refusal.reached-after-status", "yet the request still reached the MCP handler: a `return` is missing after writing the {{.Status}}")
	phraseReached            = grader.NewPhraseForm("refusal.reached", "the request reached the MCP handler")
	phraseToolRan            = grader.NewPhraseForm("refusal.tool-ran", "the tool {{.Tool}} ran")
	phraseEchoBody           = grader.NewPhraseForm("refusal.echo-body", "the answer's body repeats the credential that was sent")
	phraseEchoHeader         = grader.NewPhraseForm("refusal.echo-header", "the answer's {{.Header}} header repeats the credential that was sent")
	phraseLateHeaders        = grader.NewPhraseForm("refusal.late-headers", "your code set {{.Headers}} after the status was written (http.Error and WriteHeader send the headers), so it never reached the client: set headers first")
	phraseHandlerPanic       = grader.NewPhraseForm("lab.handler-panic", "your code panicked ({{.Panic}})")
	phraseHandlerPanicAt     = grader.NewPhraseForm("lab.handler-panic-at", "your code panicked ({{.Panic}}) at {{.Where}}")
)

// Judge compares an answer's status and WWW-Authenticate with r and returns
// what is wrong with them, or "" when they are right.
func (r Refusal) Judge(status int, wwwAuthenticate string) string {
	return r.JudgePhrase(status, wwwAuthenticate).Text
}

// JudgePhrase is Judge as a phrase authlab may translate; its Text is ""
// when the answer is right.
func (r Refusal) JudgePhrase(status int, wwwAuthenticate string) grader.Phrase {
	if status != r.Status {
		return phraseWrongStatus.Say(map[string]any{"Got": status, "Want": r.Status})
	}
	if !r.Challenge {
		return grader.Phrase{}
	}
	if wwwAuthenticate == "" {
		return phraseNoChallenge.Say(nil)
	}
	c, err := ParseChallenge(wwwAuthenticate)
	switch {
	case err != nil:
		return phraseMalformedChallenge.Say(map[string]any{"Err": err})
	case !strings.EqualFold(c.Scheme, "Bearer"):
		return phraseWrongScheme.Say(map[string]any{"Scheme": c.Scheme})
	case r.Error == "" && c.Params["error"] != "":
		return phraseErrorWithoutToken.Say(map[string]any{"Got": strconv.Quote(c.Params["error"])})
	case r.Error != "" && c.Params["error"] != r.Error:
		if c.Params["error"] == "" {
			return phraseNoErrorCode.Say(map[string]any{"Want": strconv.Quote(r.Error)})
		}
		return phraseWrongErrorCode.Say(map[string]any{"Got": strconv.Quote(c.Params["error"]), "Want": strconv.Quote(r.Error)})
	case r.Scope != "" && !SameSet(strings.Fields(c.Params["scope"]), strings.Fields(r.Scope)):
		return phraseWrongScope.Say(map[string]any{"Got": strconv.Quote(c.Params["scope"]), "Want": strconv.Quote(r.Scope)})
	}
	return grader.Phrase{}
}

// ExpectRefused sends a tools/call create_product on a live session with the
// given headers, and demands the refusal, no pass-through to the MCP handler
// and no tool run. sent describes the request to the learner. It returns nil
// or a *grader.Failure.
func (l *Lab) ExpectRefused(ctx context.Context, session string, sent grader.Phrase, headers map[string]string, want Refusal) error {
	before := l.Reached()
	ex, err := l.Send(ctx, ToolCall(catalog.ToolCreateProduct, catalog.CreateArgs{Name: "forged", Price: 1}), withSession(session, headers))
	if err != nil {
		return l.failRefusal(sent, want, grader.Literal(err.Error()))
	}
	return l.judge(ex, before, sent, headers, want, catalog.ToolCreateProduct)
}

// ExpectMethodRefused sends a GET or DELETE on a live session with the given
// headers and demands the refusal and no pass-through to the MCP handler:
// middleware must guard every method, not only the POSTs that carry tool
// calls.
func (l *Lab) ExpectMethodRefused(ctx context.Context, session, method string, sent grader.Phrase, headers map[string]string, want Refusal) error {
	before := l.Reached()
	ex, err := l.SendMethod(ctx, method, withSession(session, headers))
	if err != nil {
		return l.failRefusal(sent, want, grader.Literal(err.Error()))
	}
	return l.judge(ex, before, sent, headers, want, "")
}

func withSession(session string, headers map[string]string) map[string]string {
	all := map[string]string{"Mcp-Session-Id": session}
	for k, v := range headers {
		all[k] = v
	}
	return all
}

// judge compares what came back with want, and says whether the request
// reached the MCP handler (the counter moved past before), ran tool, echoed
// the credential it carried or set headers too late to be sent.
func (l *Lab) judge(ex *Exchange, before int64, sent grader.Phrase, headers map[string]string, want Refusal, tool string) error {
	wrong := want.JudgePhrase(ex.Status, ex.WWWAuthenticate)
	reached := l.Reached() > before
	ran := tool != "" && l.Catalog.Ran(tool)
	echo := EchoPhrase(ex, Credential(headers["Authorization"]))
	if wrong.Text == "" && !reached && !ran && echo.Text == "" {
		return nil
	}
	problems := []grader.Phrase{ex.DescribePhrase()}
	if wrong.Text != "" {
		problems = append(problems, wrong)
	}
	switch {
	case reached && wrong.Text == "":
		problems = append(problems, phraseReachedAfterStatus.Say(map[string]any{"Status": want.Status}))
	case reached:
		problems = append(problems, phraseReached.Say(nil))
	}
	if ran {
		problems = append(problems, phraseToolRan.Say(map[string]any{"Tool": tool}))
	}
	if echo.Text != "" {
		problems = append(problems, echo)
	}
	if late := l.LateHeaders(ex.Tag); len(late) > 0 {
		problems = append(problems, LateHeadersPhrase(late))
	}
	f := l.failRefusal(sent, want, problems...)
	f.Detail = strings.TrimSpace(ex.BodyExcerpt() + "\n" + f.Detail)
	if echo.Text != "" && wrong.Text == "" && !reached && !ran {
		f.Hint = EchoHint
	}
	return f
}

// LateHeadersPhrase says that the server set headers after writing the
// status, in a phrase authlab may translate.
func LateHeadersPhrase(names []string) grader.Phrase {
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = strings.Replace(n, "Www-", "WWW-", 1)
	}
	return phraseLateHeaders.Say(map[string]any{"Headers": strings.Join(shown, ", ")})
}

// EchoHint is the hint for a refusal that repeats the credential it got.
const EchoHint = "Answer a refusal with a fixed message such as \"Unauthorized\". Never put what the client sent into the answer (or the log): a near miss of a secret is most of the secret, and pages that show errors get cached, logged and shared."

// EchoHint as a phrase authlab may translate (see grader.FixedPhrase).
var _ = grader.NewPhraseForm("hint.echo", EchoHint)

// Credential returns the credential part of an Authorization value: what
// follows the scheme, or the whole value when there is no scheme.
func Credential(authorization string) string {
	_, cred, ok := strings.Cut(strings.TrimSpace(authorization), " ")
	if !ok {
		return strings.TrimSpace(authorization)
	}
	return strings.TrimSpace(cred)
}

// minEcho is the shortest credential whose echo is reported: shorter ones
// match by chance.
const minEcho = 8

// Echoes says where an answer repeats credential (its body or a header), or
// "" when it does not.
func Echoes(ex *Exchange, credential string) string { return EchoPhrase(ex, credential).Text }

// EchoPhrase is Echoes as a phrase authlab may translate; its Text is ""
// when the answer does not repeat credential.
func EchoPhrase(ex *Exchange, credential string) grader.Phrase {
	if len(credential) < minEcho {
		return grader.Phrase{}
	}
	if strings.Contains(ex.Body, credential) {
		return phraseEchoBody.Say(nil)
	}
	names := make([]string, 0, len(ex.Header))
	for k := range ex.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if k == "Location" {
			continue // a redirect names the URL it was sent to, query and all
		}
		for _, v := range ex.Header[k] {
			if strings.Contains(v, credential) {
				return phraseEchoHeader.Say(map[string]any{"Header": k})
			}
		}
	}
	return grader.Phrase{}
}

// FailSay builds the failure of a check that served the learner's code in
// the lab, from phrases authlab may translate (sent is a zero Phrase when
// nothing was sent), with what the server logged as its detail. A panic in
// the learner's handler comes first in "got": net/http recovers it and
// drops the connection, so the client alone would only report an EOF. So
// does a panic in the MCP server (in the learner's receiving middleware),
// which the client sees only as a JSON-RPC error.
func (l *Lab) FailSay(sent, expected grader.Phrase, got ...grader.Phrase) *grader.Failure {
	f := grader.Fail(sent, expected)
	f.Detail = l.ServerLog()
	got, f.Where = l.got(f.Detail, got)
	f.Got, f.GotPhrases = grader.JoinPhrases(got), got
	return f
}

// Got returns got with, first, the panic of the learner's handler or MCP
// server that the lab saw, when there was one: what a failure says came
// back.
func (l *Lab) Got(got ...grader.Phrase) []grader.Phrase {
	got, _ = l.got(l.ServerLog(), got)
	return got
}

// got is Got from the server's log, with the learner's line the panic
// comes from ("" when there is none).
func (l *Lab) got(log string, got []grader.Phrase) (_ []grader.Phrase, where string) {
	msg := handlerPanic(log)
	if msg == "" {
		msg = l.MCPPanic()
	}
	if msg == "" {
		return got, ""
	}
	root, dir := grader.LearnerDirs()
	where = grader.LearnerFrame(log, root, dir)
	panicked := phraseHandlerPanic.Say(map[string]any{"Panic": msg})
	if where != "" {
		panicked = phraseHandlerPanicAt.Say(map[string]any{"Panic": msg, "Where": where})
	}
	return append([]grader.Phrase{panicked}, got...), where
}

// handlerPanic returns the message of the first panic that net/http recovered
// in a handler, read from its error log ("http: panic serving <addr>: <msg>"),
// or "" when there was none.
func handlerPanic(log string) string {
	const marker = "http: panic serving "
	i := strings.Index(log, marker)
	if i < 0 {
		return ""
	}
	line, _, _ := strings.Cut(log[i+len(marker):], "\n")
	if _, msg, ok := strings.Cut(line, ": "); ok {
		return msg
	}
	return line
}
