package pertoolcheck

import (
	"authlab/grader"
	"slices"
	"strconv"
	"strings"

	"authlab/grader/probe"
)

// want is what the reference model expects of one tools/call or
// tools/list, from the caller's verified permissions alone.
type want struct {
	list    bool   // tools/list; else tools/call
	tool    string // the tool a tools/call names
	verdict verdict
	lists   [][]string // the lists a tools/list may show, each sorted
	user    string     // who the token says the caller is
	held    []string   // the permissions the token grants
}

// wantFor is the reference answer to a tools/call of tool (or, when list is
// set, a tools/list among tools) from user holding held.
func wantFor(list bool, tool string, tools []string, user string, held []string) want {
	w := want{list: list, tool: tool, user: user, held: held}
	if list {
		w.lists = visible(tools, held)
	} else {
		w.verdict = decide(tool, held)
	}
	return w
}

// Phrase says what the model accepts, and why, in a phrase authlab may
// translate.
func (w want) Phrase() grader.Phrase {
	who := phraseCallerHolds.Say(map[string]any{"Held": heldPhrase(w.held)})
	if w.list {
		lists := grader.Literal(listText(w.lists[len(w.lists)-1]))
		for i := len(w.lists) - 2; i >= 0; i-- {
			lists = phraseListOr.Say(map[string]any{"First": listText(w.lists[i]), "Rest": lists})
		}
		return phraseWantList.Say(map[string]any{"Lists": lists, "Who": who})
	}
	why := phraseWhy.Say(map[string]any{"Who": who, "Accepts": accepts(w.tool)})
	args := map[string]any{"Tool": w.tool, "Why": why}
	switch w.verdict {
	case allow:
		return phraseWantAllow.Say(args)
	case deny:
		return phraseWantDeny.Say(args)
	}
	return phraseWantEither.Say(args)
}

// problem is why an answer is wrong, and, when the cause is plain from
// the answer alone, what to fix.
type problem struct {
	why  grader.Phrase
	hint string
}

// Hints of the causes an answer alone shows.
const (
	hintDecideFirst = "Decide before the tool runs: return the refusal without calling next. A tool that ran and whose " +
		"answer was then replaced has done its work (a deleted product stays deleted)."
	hintToolError = "Refuse with a tool error: return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: " +
		"\"You don't have permission to call tool \" + name}}} and a nil error. A Go error becomes a JSON-RPC protocol error " +
		"the model never sees as the tool's answer."
	hintPassOn = "When the call is allowed, return what next returns, unchanged, and leave req.GetExtra().TokenInfo as the " +
		"HTTP layer set it: the tool must learn exactly who called."
)

// judge compares what came back with w and returns what is wrong, or a
// zero problem when it is right. passed are the requests that got past the
// learner's check while this one was served, ran the tools that ran, ids
// what those tools were told of their caller.
func (w want) judge(a answer, passed []passage, ran []string, ids []probe.Identity) problem {
	if w.list {
		return problem{why: w.judgeList(a)}
	}
	var through []passage
	for _, p := range passed {
		if p.Method == "tools/call" {
			through = append(through, p)
		}
	}
	allowed, denied := w.allowed(a, through, ids), w.denied(a, through, ran)
	switch w.verdict {
	case allow:
		return allowed
	case deny:
		return denied
	}
	if allowed.why.Text == "" || denied.why.Text == "" {
		return problem{}
	}
	return denied
}

// allowed says why a, and what got through, is not the answer to an
// allowed call.
func (w want) allowed(a answer, through []passage, ids []probe.Identity) problem {
	if len(through) == 0 {
		return problem{why: phraseRefusedAllowed.Say(nil)}
	}
	server := through[0].Answer
	switch {
	case server == nil && a.rpcError == "":
		return problem{phraseRPCNotBack.Say(nil), hintPassOn}
	case server != nil && !a.sameCallResult(server):
		return problem{phraseNotOwnAnswer.Say(nil), hintPassOn}
	}
	for _, id := range ids {
		if !id.Known {
			return problem{phraseNoTokenInfo.Say(nil), hintPassOn}
		}
		if id.UserID != w.user || !probe.SameSet(id.Scopes, w.held) {
			return problem{phraseToldOther.Say(map[string]any{"User": strconv.Quote(id.UserID), "Held": heldPhrase(id.Scopes),
				"WantUser": strconv.Quote(w.user), "WantHeld": heldPhrase(w.held)}), hintPassOn}
		}
	}
	return problem{}
}

// denied says why a, and what got through, is not a denial.
func (w want) denied(a answer, through []passage, ran []string) problem {
	switch {
	case len(ran) > 0 && a.isError && a.names(w.tool):
		return problem{phraseRanThenRefused.Say(map[string]any{"Tools": strings.Join(ran, ", ")}), hintDecideFirst}
	case len(ran) > 0:
		return problem{why: phraseRanThrough.Say(map[string]any{"Tools": strings.Join(ran, ", ")})}
	case len(through) > 0:
		return problem{why: phraseLetThrough.Say(nil)}
	case a.bad.Text != "":
		return problem{a.bad, hintToolError}
	case a.rpcError != "":
		return problem{phraseRPCInstead.Say(nil), hintToolError}
	case !a.isError:
		return problem{phraseNotToolError.Say(nil), hintToolError}
	case !a.names(w.tool):
		return problem{phraseNotNaming.Say(map[string]any{"Tool": w.tool}), hintToolError}
	}
	return problem{}
}

// judgeList says why a is not one of the lists w accepts; its Text is ""
// when it is one.
func (w want) judgeList(a answer) grader.Phrase {
	if a.tools == nil {
		return phraseNoList.Say(nil)
	}
	for _, l := range w.lists {
		if slices.Equal(a.tools, l) {
			return grader.Phrase{}
		}
	}
	var extra, missing []string
	for _, t := range a.tools {
		if !slices.Contains(w.lists[len(w.lists)-1], t) {
			extra = append(extra, t)
		}
	}
	for _, t := range w.lists[0] {
		if !slices.Contains(a.tools, t) {
			missing = append(missing, t)
		}
	}
	shown, hidden := strings.Join(extra, ", "), strings.Join(missing, ", ")
	switch {
	case len(extra) > 0 && len(missing) > 0:
		return phraseShowsBoth.Say(map[string]any{"Extra": shown, "Missing": hidden})
	case len(extra) > 0:
		return phraseShowsExtra.Say(map[string]any{"Tools": shown})
	case len(missing) > 0:
		return phraseHidesMissing.Say(map[string]any{"Tools": hidden})
	}
	return phraseShowsTwice.Say(nil)
}

// heldPhrase names a caller's permissions for messages, in a phrase
// authlab may translate.
func heldPhrase(held []string) grader.Phrase {
	if len(held) == 0 {
		return phraseNoPermissions.Say(nil)
	}
	quoted := make([]string, len(held))
	for i, h := range held {
		quoted[i] = strconv.Quote(h)
	}
	return grader.Literal("[" + strings.Join(quoted, ", ") + "]")
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.pertoolcheck.decide-first", hintDecideFirst)
	_ = grader.NewPhraseForm("hint.pertoolcheck.tool-error", hintToolError)
	_ = grader.NewPhraseForm("hint.pertoolcheck.pass-on", hintPassOn)
)
