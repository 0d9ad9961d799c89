package tokenlab

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
)

// Caller is one of the callers a concurrency check runs side by side on
// one server: the token it sends and the answer it must get every time.
type Caller struct {
	Name string                  // "a caller with no token", for the learner
	Mint func(f *Fixture) string // "" sends no Authorization header
	Tool string                  // the tool it calls
	Want oracle.Expect
}

// callerRounds is how many requests each caller sends, one after another,
// while the others send theirs.
const callerRounds = 15

// callerAnswer is one request a caller sent and what came back.
type callerAnswer struct {
	caller, round int
	tag           string
	ex            *probe.Exchange
	err           error
}

// ConcurrentCheck demands that callers sending at once on one server each
// get exactly their own answer, every time: nothing one request carries
// (its token, its verdict, its refusal) may reach another in flight.
func ConcurrentCheck(newServer NewServerFunc, callers []Caller) grader.Check {
	var names []string
	for _, c := range callers {
		names = append(names, c.Name)
	}
	return grader.Check{
		ID: "concurrent-callers", Name: "Callers sending at once each get exactly their own answer",
		Sends: fmt.Sprintf("%d tools/calls each from %d callers at once on one server: %s", callerRounds, len(callers),
			strings.Join(names, "; ")),
		Expect: "every request gets its caller's answer, whatever the others send at the same moment",
		Hint: "Keep everything about a request in local variables of the handler function: a field of a shared struct, a " +
			"package-level variable or a map without a lock is shared by every request in flight.",
		Run: func(ctx context.Context) error {
			f, err := Start(newServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			// Each caller has its own session, as separate clients would.
			sessions, tokens := make([]string, len(callers)), make([]string, len(callers))
			for i, c := range callers {
				session, closeSession, err := f.Lab.DirectSession(ctx)
				if err != nil {
					return err
				}
				defer closeSession()
				sessions[i], tokens[i] = session, c.Mint(f)
			}
			answers := sendAtOnce(ctx, f.Lab, sessions, callers, tokens)
			return judgeCallers(f.Lab, callers, tokens, answers)
		},
	}
}

// sendAtOnce has every caller send callerRounds requests, all callers
// starting together.
func sendAtOnce(ctx context.Context, lab *probe.Lab, sessions []string, callers []Caller, tokens []string) []callerAnswer {
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		answers []callerAnswer
		start   = make(chan struct{})
	)
	for i, c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for r := range callerRounds {
				tag := fmt.Sprintf("caller-%d-%d-%s", i, r, probe.Random(4))
				headers := map[string]string{"Mcp-Session-Id": sessions[i], probe.CallerHeader: tag}
				if tokens[i] != "" {
					headers["Authorization"] = "Bearer " + tokens[i]
				}
				ex, err := lab.Send(ctx, probe.ToolCall(c.Tool, toolArgs(c.Tool)), headers)
				mu.Lock()
				answers = append(answers, callerAnswer{caller: i, round: r, tag: tag, ex: ex, err: err})
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return answers
}

// judgeCallers compares each answer with its caller's expectation, and
// looks in it for every other caller's token.
func judgeCallers(lab *probe.Lab, callers []Caller, tokens []string, answers []callerAnswer) error {
	ids := lab.Identities()
	sent := func(a callerAnswer) grader.Phrase {
		return phraseCallerRequest.Say(map[string]any{"N": a.round + 1, "Of": callerRounds, "Caller": callers[a.caller].Name, "Others": len(callers) - 1})
	}
	for _, a := range answers {
		c := callers[a.caller]
		if a.err != nil {
			return lab.FailSay(sent(a), c.Want.Phrase(), grader.Literal(a.err.Error()))
		}
		eff := probe.Effect{}
		for _, id := range ids {
			if id.Caller == a.tag {
				eff.Reached = true
				eff.Ran = append(eff.Ran, id.Tool)
				eff.Identities = append(eff.Identities, id)
			}
		}
		if dis := c.Want.Judge(a.ex, eff, tokens[a.caller]); dis != nil {
			return lab.FailSay(sent(a), *dis.ExpectedPhrase, append(dis.GotPhrases, phraseAloneRight.Say(nil))...)
		}
		for j, other := range tokens {
			if j != a.caller && other != "" && probe.Echoes(a.ex, other) != "" {
				return lab.FailSay(sent(a), c.Want.Phrase(), phraseCarriesToken.Say(map[string]any{"Caller": callers[j].Name}))
			}
		}
	}
	return nil
}

// toolArgs are arguments a tool accepts.
func toolArgs(tool string) map[string]any {
	if tool == "create_product" {
		return map[string]any{"name": "concurrent", "price": 1}
	}
	return map[string]any{}
}

// SideBySideCheck demands that two servers with different configurations,
// alive in one process, each accept their own tokens and refuse the
// other's. also, when set, checks more of the pair (a stage's logins).
func SideBySideCheck(newServer NewServerFunc, also func(ctx context.Context, a, b *Fixture) error) grader.Check {
	return grader.Check{
		ID: "side-by-side", Name: "Two servers with different keys, issuers and audiences each keep their own",
		Sends: "NewServer twice in one process, with different random keys, issuers and audiences; then a tools/call to each " +
			"with its own valid token and with the other's",
		Expect: "each server accepts its own token and answers the other's 401 invalid_token",
		Hint: "Keep the configuration in the handler NewServer returns (a closure, or a struct it builds), never in a package-level " +
			"variable: a second NewServer would overwrite the first's key, issuer and audience.",
		Run: func(ctx context.Context) error {
			a, err := Start(newServer)
			if err != nil {
				return err
			}
			defer a.Lab.Close()
			b, err := Start(newServer)
			if err != nil {
				return err
			}
			defer b.Lab.Close()
			if err := crossTokens(ctx, a, b); err != nil {
				return err
			}
			if also != nil {
				return also(ctx, a, b)
			}
			return nil
		},
	}
}

// crossTokens sends each server its own token and the other's.
func crossTokens(ctx context.Context, a, b *Fixture) error {
	servers := []struct {
		name string
		f    *Fixture
	}{{"server A", a}, {"server B", b}}
	sessions := make([]string, len(servers))
	for i, s := range servers {
		id, closeSession, err := s.f.Lab.DirectSession(ctx)
		if err != nil {
			return err
		}
		defer closeSession()
		sessions[i] = id
	}
	type verdict struct {
		sent grader.Phrase
		want oracle.Expect
		dis  *oracle.Disagreement
		lab  *probe.Lab
	}
	var wrong []verdict
	for i, to := range servers {
		for j, from := range servers {
			tok := from.f.Valid()
			sent := phraseCallTo.Say(map[string]any{"To": to.name, "From": from.name})
			want := oracle.Allowed()
			if i != j {
				want = oracle.Refused(InvalidToken)
			}
			req := ToolCallRequest(sessions[i], "list_products", map[string]string{"Authorization": "Bearer " + tok})
			ex, eff, err := to.f.Lab.Do(ctx, req)
			if err != nil {
				return to.f.Lab.FailSay(sent, want.Phrase(), grader.Literal(err.Error()))
			}
			if dis := want.Judge(ex, eff, tok); dis != nil {
				wrong = append(wrong, verdict{sent, want, dis, to.f.Lab})
			}
		}
	}
	if len(wrong) == 0 {
		return nil
	}
	var got []grader.Phrase
	for _, w := range wrong {
		got = append(got, phraseVerdict.Say(map[string]any{"Sent": w.sent, "Got": grader.JoinPhrases(w.dis.GotPhrases)}))
	}
	got = append(got, phraseServersShare.Say(nil))
	return wrong[0].lab.FailSay(wrong[0].sent, wrong[0].want.Phrase(), got...)
}
