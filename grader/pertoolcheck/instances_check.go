package pertoolcheck

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// twoInstancesCheck demands that two servers in one process, each with its
// own map handed to Authorize, each decide by their own map.
func twoInstancesCheck(t Target) grader.Check {
	return grader.Check{
		ID: "two-instances", Name: "Two servers side by side, each given its own map, each decide by their own",
		Sends: "Authorize(A) on one server and Authorize(B) on another, both running, with maps of random permissions that " +
			"overlap; callers holding A's, B's or both's permissions each send tools/list and a call of every tool to A, then " +
			"to B, then to A again",
		Expect: "every answer is the one the map of the server asked gives",
		Hint: "Authorize must decide from the perms it was given, and keep it in the closure it returns: not in a package " +
			"variable (the last call would win for every server), not by reading ToolPermissions, and with no decision cached " +
			"outside the closure.",
		Run: func(ctx context.Context) error {
			p := make([]string, 5)
			for i := range p {
				p[i] = fmt.Sprintf("Team%d.%s", i+1, probe.Random(3))
			}
			a := map[string][]string{
				catalog.ToolListProducts: {p[0], p[1]}, catalog.ToolGetProduct: {p[0]},
				catalog.ToolCreateProduct: {p[1]}, catalog.ToolDeleteProduct: {p[2]},
			}
			b := map[string][]string{
				catalog.ToolListProducts: {p[3]}, catalog.ToolGetProduct: {p[3], p[4]},
				catalog.ToolCreateProduct: {p[4], p[2]}, catalog.ToolDeleteProduct: {p[0]},
			}
			servers := []*instance{{name: "A", perms: a}, {name: "B", perms: b}}
			for _, s := range servers {
				f, err := start(t.with(s.perms))
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				s.f = f
			}
			holders := [][]string{{p[0]}, {p[1]}, {p[2]}, {p[3]}, {p[4]}, {p[0], p[4]}, {adminWrite}}
			for _, held := range holders {
				for _, s := range []*instance{servers[0], servers[1], servers[0]} {
					if err := s.expect(ctx, held, servers); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}

// notThisMap says why an answer of one of two servers is wrong.
const notThisMap = "the decision did not come from the map this server's Authorize was given"

// instance is one of the two servers.
type instance struct {
	name  string
	perms map[string][]string
	f     *tokenlab.Fixture
}

// mayCall is the reference decision on s's map: any one of the tool's
// permissions, exactly; a tool not in the map is denied.
func (s *instance) mayCall(tool string, held []string) bool {
	return slices.ContainsFunc(s.perms[tool], func(p string) bool { return slices.Contains(held, p) })
}

// describe shows s's map for messages.
func (s *instance) describe() string {
	var rows []string
	for _, tool := range catalog.ToolNames {
		rows = append(rows, tool+": "+heldText(s.perms[tool]))
	}
	return "server " + s.name + "'s map {" + strings.Join(rows, "; ") + "}"
}

// expect sends tools/list and a call of every tool to s as a caller
// holding held, and demands the answers s's map gives.
func (s *instance) expect(ctx context.Context, held []string, servers []*instance) error {
	cs, _, err := s.f.Lab.Connect(ctx, token(s.f, held...))
	if err != nil {
		return s.f.Lab.Fail("initialize with a valid token", "a session", err.Error())
	}
	defer cs.Close()
	var others []string
	for _, o := range servers {
		if o != s {
			others = append(others, o.describe())
		}
	}
	sent := func(what string) string {
		return fmt.Sprintf("%s with %s to server %s (its map handed to Authorize), while %s serves too", what, heldText(held), s.name,
			strings.Join(others, ", "))
	}
	var want []string
	for _, tool := range catalog.ToolNames {
		if s.mayCall(tool, held) {
			want = append(want, tool)
		}
	}
	res, err := cs.ListTools(ctx, nil)
	if err != nil {
		return s.f.Lab.Fail(sent("tools/list"), "a tool list", err.Error())
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	if !slices.Equal(sorted(names), sorted(want)) {
		return s.f.Lab.Fail(sent("tools/list"), listText(sorted(want))+", by "+s.describe(),
			"the list "+listText(sorted(names))+": "+notThisMap)
	}
	args := map[string]any{
		catalog.ToolListProducts: struct{}{}, catalog.ToolGetProduct: catalog.IDArgs{ID: 1},
		catalog.ToolCreateProduct: catalog.CreateArgs{Name: "Jar", Price: 2}, catalog.ToolDeleteProduct: catalog.IDArgs{ID: 999999},
	}
	for _, tool := range catalog.ToolNames {
		before := len(s.f.Lab.Catalog.Calls())
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args[tool]})
		if err != nil {
			return s.f.Lab.Fail(sent("tools/call "+tool), "a result", "a protocol error: "+err.Error())
		}
		ran := len(s.f.Lab.Catalog.Calls()) > before
		switch may := s.mayCall(tool, held); {
		case may && !ran:
			return s.f.Lab.Fail(sent("tools/call "+tool), "the tool runs, by "+s.describe(),
				fmt.Sprintf("a refusal (%q): %s", excerpt(probe.ToolText(res)), notThisMap))
		case !may && ran:
			return s.f.Lab.Fail(sent("tools/call "+tool), "a tool error and no run, by "+s.describe(),
				"the tool ran: "+notThisMap)
		}
	}
	return nil
}
