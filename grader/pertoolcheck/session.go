package pertoolcheck

import (
	"context"
	"fmt"
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
		return f.Lab.Fail("initialize with a valid token", "a session", err.Error())
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
	sent := fmt.Sprintf("tools/call %s with %s", tool, describe(s.perms))
	want := fmt.Sprintf("a tool error (isError: true) naming %s, and the tool never runs", tool)
	before, calls := len(s.f.Lab.Catalog.Products()), s.runs(tool)
	res, err := s.cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
	ran := s.runs(tool) > calls
	switch {
	case err != nil:
		return s.f.Lab.Fail(sent, want, "a protocol error instead of a tool error: "+err.Error())
	case ran:
		return s.f.Lab.Fail(sent, want, fmt.Sprintf("the tool ran (products: %d before, %d after)", before, len(s.f.Lab.Catalog.Products())))
	case !res.IsError:
		return s.f.Lab.Fail(sent, want, "a successful result that did not come from the tool: "+probe.ToolText(res))
	case !strings.Contains(probe.ToolText(res), tool):
		return s.f.Lab.Fail(sent, want, fmt.Sprintf("a tool error that does not name the tool: %q", probe.ToolText(res)))
	}
	return nil
}

// expectAllowed calls tool and demands the real tool's result.
func (s *session) expectAllowed(ctx context.Context, tool string, args any) error {
	sent := fmt.Sprintf("tools/call %s with %s", tool, describe(s.perms))
	calls := s.runs(tool)
	res, err := s.cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args})
	switch {
	case err != nil:
		return s.f.Lab.Fail(sent, "the tool's result", "a protocol error: "+err.Error())
	case res.IsError:
		return s.f.Lab.Fail(sent, "the tool's result", "a tool error: "+probe.ToolText(res))
	case s.runs(tool) == calls || !strings.Contains(probe.ToolText(res), s.f.Lab.Catalog.Marker()):
		return s.f.Lab.Fail(sent, "the result of the real tool", "a result the catalog did not produce: "+probe.ToolText(res))
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
func (s *session) expectList(ctx context.Context, want []string, who string) error {
	sent := "tools/list with " + who
	names, err := s.list(ctx)
	if err != nil {
		return s.f.Lab.Fail(sent, "a tool list", err.Error())
	}
	if !probe.SameSet(names, want) {
		return s.f.Lab.Fail(sent, "["+strings.Join(want, ", ")+"]", "["+strings.Join(names, ", ")+"]")
	}
	return nil
}
