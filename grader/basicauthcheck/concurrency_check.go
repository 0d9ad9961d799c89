package basicauthcheck

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// The concurrent callers: how many, and how many times each calls at once
// with the others.
const (
	callers = 9
	rounds  = 24
)

// callKind is what one concurrent call carries.
type callKind int

const (
	rightSecret callKind = iota
	wrongSecret
	noHeader
)

// Phrase names what a call of kind k carries, in a phrase authlab may
// translate.
func (k callKind) Phrase() grader.Phrase {
	return [...]grader.PhraseForm{phraseRightSecret, phraseWrongSecret, phraseNoAuthHeader}[k].Say(nil)
}

// concurrencyCheck sends many callers' requests at the same moments through
// one instance of the learner's middleware: each must get the answer its
// own credential deserves.
func concurrencyCheck(t Target) grader.Check {
	return grader.Check{
		ID: "concurrent-callers", Name: "Callers at the same moment each get the answer their own credential deserves",
		Sends: fmt.Sprintf("%d callers on one server, each on its own session, sending tools/call create_product at the same moments, %d times: "+
			"some with the right secret, some with a wrong secret of their own, some with no Authorization header", callers, rounds),
		Expect: "every call with the right secret runs the tool, for that caller; every other is refused (403 for a wrong secret, 401 with " +
			"WWW-Authenticate: Bearer for none) and never reaches the MCP handler",
		Hint: "Keep what you learn of a request in local variables of the handler function. A field of the middleware or a package-level " +
			"variable is shared by every request in flight, even behind a mutex, so one caller's credential or verdict can decide another's " +
			"request. (The deep tier runs with the race detector, which names unguarded sharing too.)",
		Run: func(ctx context.Context) error {
			secret := probe.Random(24)
			lab, err := start(t, secret)
			if err != nil {
				return err
			}
			defer lab.Close()
			sessions := make([]string, callers)
			for i := range sessions {
				session, closeSession, err := lab.DirectSession(ctx)
				if err != nil {
					return err
				}
				defer closeSession()
				sessions[i] = session
			}
			answers := concurrentCalls(ctx, lab, secret, sessions)
			return judgeConcurrent(lab, answers)
		},
	}
}

// answer is what one concurrent call carried and got.
type answer struct {
	caller, round int
	kind          callKind
	tag           string // its CallerHeader
	ex            *probe.Exchange
	err           error
	credential    string // the credential it carried, for the echo check
}

// concurrentCalls sends, round after round, one call per session, all
// released at the same moment, and returns every answer.
func concurrentCalls(ctx context.Context, lab *probe.Lab, secret string, sessions []string) []answer {
	var answers []answer
	for round := range rounds {
		batch := make([]answer, len(sessions))
		gate := make(chan struct{})
		var wg sync.WaitGroup
		for caller, session := range sessions {
			a := answer{caller: caller + 1, round: round + 1, kind: callKind((caller + round) % 3)}
			a.tag = fmt.Sprintf("caller-%d-round-%d", a.caller, a.round)
			headers := map[string]string{"Mcp-Session-Id": session, probe.CallerHeader: a.tag}
			switch a.kind {
			case rightSecret:
				a.credential = secret
			case wrongSecret:
				a.credential = probe.Random(24)
			}
			if a.kind != noHeader {
				headers["Authorization"] = "Bearer " + a.credential
			}
			wg.Go(func() {
				<-gate
				a.ex, a.err = lab.Send(ctx, probe.ToolCall(catalog.ToolCreateProduct, catalog.CreateArgs{Name: a.tag, Price: 1}), headers)
				batch[caller] = a
			})
		}
		close(gate)
		wg.Wait()
		answers = append(answers, batch...)
		if ctx.Err() != nil {
			break
		}
	}
	return answers
}

// judgeConcurrent compares every answer with what its own credential
// deserves, and the callers the tool ran for with those sent the secret.
func judgeConcurrent(lab *probe.Lab, answers []answer) error {
	ran := map[string]bool{}
	for _, id := range lab.Identities() {
		ran[id.Caller] = true
	}
	var wrong []grader.Phrase
	for _, a := range answers {
		if problem := a.judge(ran[a.tag]); problem.Text != "" {
			wrong = append(wrong, phraseCallerSent.Say(map[string]any{"Caller": a.caller, "Round": a.round, "Kind": a.kind.Phrase(), "Problem": problem}))
		}
	}
	if len(wrong) == 0 {
		return nil
	}
	f := lab.FailSay(phraseConcurrentSent.Say(map[string]any{"Calls": len(answers), "Callers": callers}),
		phraseOwnAnswer.Say(nil),
		phraseWrongAnswers.Say(map[string]any{"Wrong": len(wrong), "Of": len(answers), "First": wrong[0]}))
	detail := wrong[0]
	for _, w := range wrong[1:min(len(wrong), 8)] {
		detail = phraseLineThen.Say(map[string]any{"First": detail, "Next": w})
	}
	if log := strings.TrimSpace(f.Detail); log != "" {
		detail = phraseLineThen.Say(map[string]any{"First": detail, "Next": grader.Literal(log)})
	}
	f.SayDetail(detail)
	return f
}

// judge says what is wrong with a's answer, given whether the tool ran for
// its caller, or "" when it is right.
func (a answer) judge(ran bool) grader.Phrase {
	switch {
	case a.err != nil:
		return phraseNoAnswerErr.Say(map[string]any{"Err": a.err})
	case a.kind == rightSecret && a.ex.Status != http.StatusOK:
		return phraseGotAnswer.Say(map[string]any{"Answer": a.ex.DescribePhrase()})
	case a.kind == rightSecret && !ran:
		return phraseGot200NotRan.Say(nil)
	case a.kind == rightSecret:
		return grader.Phrase{}
	case ran:
		return phraseGotYetRan.Say(map[string]any{"Status": a.ex.Status})
	}
	want := wrongCredential
	if a.kind == noHeader {
		want = probe.NoCredential
	}
	if problem := want.JudgePhrase(a.ex.Status, a.ex.WWWAuthenticate); problem.Text != "" {
		return phraseGotBecause.Say(map[string]any{"Answer": a.ex.DescribePhrase(), "Problem": problem})
	}
	return probe.EchoPhrase(a.ex, a.credential)
}

// phraseLineThen puts one line of a failure's detail under another.
var phraseLineThen = grader.NewPhraseForm("detail.basicauthcheck.line-then", "{{.First}}\n{{.Next}}")
