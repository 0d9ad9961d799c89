package pertoolcheck

import (
	"authlab/grader"
	"context"
	"strconv"
	"strings"

	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// session is a real MCP session through the grader's HTTP layer with a
// token holding perms.
type session struct {
	f     *tokenlab.Fixture
	cs    *mcp.ClientSession
	rec   *probe.Recorder
	perms []string
}

// withSession starts a lab with the learner's check protect installed
// (inner set up first, as start does), opens a session with a token
// holding perms and runs body on it.
func withSession(ctx context.Context, protect func(*mcp.Server), perms []string, body func(*session) error, inner ...func(*mcp.Server)) error {
	f, err := start(protect, inner...)
	if err != nil {
		return err
	}
	defer f.Lab.Close()
	cs, rec, err := f.Lab.Connect(ctx, token(f, perms...))
	if err != nil {
		return f.Lab.FailSay(phraseInitValid.Say(nil), phraseASession.Say(nil), grader.Literal(err.Error()))
	}
	defer cs.Close()
	return body(&session{f: f, cs: cs, rec: rec, perms: perms})
}

// swap makes the session's next requests carry a token holding perms, as a
// client that replaces its token mid-session; failures then name perms.
func (s *session) swap(perms ...string) {
	s.rec.SetHeader(token(s.f, perms...))
	s.perms = perms
}

// expectDenied calls tool and demands a tool error naming it, no run, and
// for delete_product the product still there.
func (s *session) expectDenied(ctx context.Context, tool string, args any) error {
	sent := phraseCallWith.Say(map[string]any{"Tool": tool, "Perms": describe(s.perms)})
	want := phraseWantToolError.Say(map[string]any{"Tool": tool})
	before, calls := len(s.f.Lab.Catalog.Products()), s.runs(tool)
	res, err := s.cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
	ran := s.runs(tool) > calls
	switch {
	case err != nil:
		return s.f.Lab.FailSay(sent, want, phraseProtocolInstead.Say(map[string]any{"Err": err}))
	case ran:
		return s.f.Lab.FailSay(sent, want, phraseToolRanProducts.Say(map[string]any{"Before": before, "After": len(s.f.Lab.Catalog.Products())}))
	case !res.IsError:
		return s.f.Lab.FailSay(sent, want, phraseNotFromTool.Say(map[string]any{"Text": probe.ToolText(res)}))
	case !strings.Contains(probe.ToolText(res), tool):
		return s.f.Lab.FailSay(sent, want, phraseNotNamingTool.Say(map[string]any{"Text": strconv.Quote(probe.ToolText(res))}))
	}
	return nil
}

// expectAllowed calls tool and demands the real tool's result.
func (s *session) expectAllowed(ctx context.Context, tool string, args any) error {
	sent := phraseCallWith.Say(map[string]any{"Tool": tool, "Perms": describe(s.perms)})
	calls := s.runs(tool)
	res, err := s.cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
	switch {
	case err != nil:
		return s.f.Lab.FailSay(sent, probe.PhraseToolResult.Say(nil), phraseProtocolError.Say(map[string]any{"Err": err}))
	case res.IsError:
		return s.f.Lab.FailSay(sent, probe.PhraseToolResult.Say(nil), phraseToolErrorText.Say(map[string]any{"Text": probe.ToolText(res)}))
	case s.runs(tool) == calls || !strings.Contains(probe.ToolText(res), s.f.Lab.Catalog.Marker()):
		return s.f.Lab.FailSay(sent, phraseRealToolResult.Say(nil), probe.PhraseNotFromCatalog.Say(map[string]any{"Text": probe.ToolText(res)}))
	}
	return nil
}

// runs counts the times tool has run in the session's lab.
func (s *session) runs(tool string) int {
	n := 0
	for _, c := range s.f.Lab.Catalog.Calls() {
		if c.Tool == tool {
			n++
		}
	}
	return n
}

// list returns the names tools/list shows.
func (s *session) list(ctx context.Context) ([]string, error) {
	res, err := s.cs.ListTools(ctx, nil)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, t := range res.Tools {
		names = append(names, t.Name)
	}
	return names, nil
}

// expectList demands that tools/list shows exactly want.
func (s *session) expectList(ctx context.Context, want []string, who grader.Phrase) error {
	sent := phraseListWith.Say(map[string]any{"Who": who})
	names, err := s.list(ctx)
	if err != nil {
		return s.f.Lab.FailSay(sent, phraseAToolList.Say(nil), grader.Literal(err.Error()))
	}
	if !probe.SameSet(names, want) {
		return s.f.Lab.FailSay(sent, grader.Literal("["+strings.Join(want, ", ")+"]"), grader.Literal("["+strings.Join(names, ", ")+"]"))
	}
	return nil
}
