package probe

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"authlab/grader"
	"authlab/internal/catalog"
)

// Refusal is how a protected endpoint must turn a request away.
type Refusal struct {
	Status int
	// Challenge, when set, must accept the WWW-Authenticate header, which
	// ChallengeText describes ("WWW-Authenticate: Bearer").
	Challenge     func(string) bool
	ChallengeText string
}

// Expected says in words what a correct refusal looks like.
func (r Refusal) Expected() string {
	s := fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status))
	if r.ChallengeText != "" {
		s += " with " + r.ChallengeText
	}
	return s + ", and the request stops in your middleware"
}

// ExpectRefused sends a tools/call create_product on a live session with the
// given headers, and demands the refusal, no pass-through to the MCP handler
// and no tool run. sent describes the request to the learner. It returns nil
// or a *grader.Failure.
func (l *Lab) ExpectRefused(ctx context.Context, session, sent string, headers map[string]string, want Refusal) error {
	before := l.Reached()
	ex, err := l.Send(ctx, ToolCall(catalog.ToolCreateProduct, catalog.CreateArgs{Name: "forged", Price: 1}), withSession(session, headers))
	if err != nil {
		return l.Fail(sent, want.Expected(), err.Error())
	}
	return l.judge(ex, before, sent, want, catalog.ToolCreateProduct)
}

// ExpectMethodRefused sends a GET or DELETE on a live session with the given
// headers and demands the refusal and no pass-through to the MCP handler:
// middleware must guard every method, not only the POSTs that carry tool
// calls.
func (l *Lab) ExpectMethodRefused(ctx context.Context, session, method, sent string, headers map[string]string, want Refusal) error {
	before := l.Reached()
	ex, err := l.SendMethod(ctx, method, withSession(session, headers))
	if err != nil {
		return l.Fail(sent, want.Expected(), err.Error())
	}
	return l.judge(ex, before, sent, want, "")
}

func withSession(session string, headers map[string]string) map[string]string {
	all := map[string]string{"Mcp-Session-Id": session}
	for k, v := range headers {
		all[k] = v
	}
	return all
}

// judge compares what came back with want, and says whether the request
// reached the MCP handler (the counter moved past before) or ran tool.
func (l *Lab) judge(ex *Exchange, before int64, sent string, want Refusal, tool string) error {
	wrongAnswer := ex.Status != want.Status || (want.Challenge != nil && !want.Challenge(ex.WWWAuthenticate))
	reached := l.Reached() > before
	ran := tool != "" && l.Catalog.Ran(tool)
	if !wrongAnswer && !reached && !ran {
		return nil
	}
	problems := []string{ex.Describe()}
	switch {
	case reached && !wrongAnswer:
		problems = append(problems, fmt.Sprintf("yet the request still reached the MCP handler: a `return` is missing after writing the %d", want.Status))
	case reached:
		problems = append(problems, "the request reached the MCP handler")
	}
	if ran {
		problems = append(problems, "the tool "+tool+" ran")
	}
	f := l.Fail(sent, want.Expected(), strings.Join(problems, "; "))
	f.Detail = strings.TrimSpace(ex.BodyExcerpt() + "\n" + f.Detail)
	return f
}

// Fail builds the failure of a check that served the learner's code in the
// lab, with what the server logged as its detail. A panic in the learner's
// handler comes first in "got": net/http recovers it and drops the
// connection, so the client alone would only report an EOF. So does a panic
// in the MCP server (in the learner's receiving middleware), which the
// client sees only as a JSON-RPC error.
func (l *Lab) Fail(sent, expected, got string) *grader.Failure {
	log := l.ServerLog()
	msg := handlerPanic(log)
	if msg == "" {
		msg = l.MCPPanic()
	}
	if msg != "" {
		got = fmt.Sprintf("your code panicked (%s); %s", msg, got)
	}
	return &grader.Failure{Sent: sent, Expected: expected, Got: got, Detail: log}
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

// BearerChallenge reports whether a WWW-Authenticate value is a challenge
// for the Bearer scheme (the scheme name in any case).
func BearerChallenge(v string) bool {
	scheme, _, _ := strings.Cut(strings.TrimSpace(v), " ")
	return strings.EqualFold(scheme, "Bearer")
}

// ChallengeError returns the error parameter of a Bearer challenge
// (RFC 6750 §3), or "" when it has none.
func ChallengeError(v string) string { return ChallengeParam(v, "error") }

// ChallengeParam returns the named parameter of a WWW-Authenticate
// challenge, unquoted, or "" when it has none.
func ChallengeParam(v, name string) string {
	_, params, _ := strings.Cut(strings.TrimSpace(v), " ")
	for _, p := range strings.Split(params, ",") {
		k, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.Trim(strings.TrimSpace(value), `"`)
		}
	}
	return ""
}
