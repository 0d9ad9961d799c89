package pertoolcheck

import (
	"fmt"
	"slices"
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

// String says what the model accepts, and why.
func (w want) String() string {
	who := fmt.Sprintf("the caller holds %s", heldText(w.held))
	if w.list {
		var shown []string
		for _, l := range w.lists {
			shown = append(shown, listText(l))
		}
		return fmt.Sprintf("tools/list shows exactly %s (%s)", strings.Join(shown, " or "), who)
	}
	why := fmt.Sprintf("%s, and %s", who, accepts(w.tool))
	switch w.verdict {
	case allow:
		return fmt.Sprintf("tools/call %s gets through your check, and the tool's own answer comes back (%s)", w.tool, why)
	case deny:
		return fmt.Sprintf("a tool error (isError: true) naming %s, and the tool never runs (%s)", w.tool, why)
	}
	return fmt.Sprintf("either answer: your map may or may not open %s to this caller (%s)", w.tool, why)
}

// problem is why an answer is wrong, and, when the cause is plain from
// the answer alone, what to fix.
type problem struct {
	why, hint string
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
	if allowed.why == "" || denied.why == "" {
		return problem{}
	}
	return denied
}

// allowed says why a, and what got through, is not the answer to an
// allowed call.
func (w want) allowed(a answer, through []passage, ids []probe.Identity) problem {
	if len(through) == 0 {
		return problem{why: "your check refused a call it must let through"}
	}
	server := through[0].Answer
	switch {
	case server == nil && a.rpcError == "":
		return problem{"the server answered with a JSON-RPC error, but that is not what came back", hintPassOn}
	case server != nil && !a.sameCallResult(server):
		return problem{"your check let the call through but did not hand back the tool's own answer", hintPassOn}
	}
	for _, id := range ids {
		if !id.Known {
			return problem{"the tool learned nothing of its caller (no auth.TokenInfo)", hintPassOn}
		}
		if id.UserID != w.user || !probe.SameSet(id.Scopes, w.held) {
			return problem{fmt.Sprintf("the tool was told it was user %q with %s, not %q with %s",
				id.UserID, heldText(id.Scopes), w.user, heldText(w.held)), hintPassOn}
		}
	}
	return problem{}
}

// denied says why a, and what got through, is not a denial.
func (w want) denied(a answer, through []passage, ran []string) problem {
	switch {
	case len(ran) > 0 && a.isError && a.names(w.tool):
		return problem{"the tool " + strings.Join(ran, ", ") + " ran, and only then came the refusal", hintDecideFirst}
	case len(ran) > 0:
		return problem{why: "the tool " + strings.Join(ran, ", ") + " ran: your check let the call through"}
	case len(through) > 0:
		return problem{why: "your check let the call through to the server (calling next); only the server's own checks stopped it"}
	case a.bad != "":
		return problem{a.bad, hintToolError}
	case a.rpcError != "":
		return problem{"a JSON-RPC error instead of a tool error", hintToolError}
	case !a.isError:
		return problem{"a result that is not a tool error (isError is not true)", hintToolError}
	case !a.names(w.tool):
		return problem{"the tool error does not name " + w.tool, hintToolError}
	}
	return problem{}
}

// judgeList says why a is not one of the lists w accepts.
func (w want) judgeList(a answer) string {
	if a.tools == nil {
		return "no tool list came back"
	}
	for _, l := range w.lists {
		if slices.Equal(a.tools, l) {
			return ""
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
	var why []string
	if len(extra) > 0 {
		why = append(why, "it shows "+strings.Join(extra, ", ")+", which the caller may not call")
	}
	if len(missing) > 0 {
		why = append(why, "it hides "+strings.Join(missing, ", ")+", which the caller may call")
	}
	if len(why) == 0 {
		why = append(why, "it shows a tool more than once")
	}
	return strings.Join(why, "; ")
}

// heldText names a caller's permissions for messages.
func heldText(held []string) string {
	if len(held) == 0 {
		return "no permissions"
	}
	quoted := make([]string, len(held))
	for i, h := range held {
		quoted[i] = fmt.Sprintf("%q", h)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
