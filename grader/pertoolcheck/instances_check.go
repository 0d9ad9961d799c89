package pertoolcheck

import (
	"context"
	"fmt"
	"slices"
	"strconv"

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
func (s *instance) describe() grader.Phrase {
	rows := grader.Literal("")
	for i, tool := range catalog.ToolNames {
		row := phraseMapRow.Say(map[string]any{"Tool": tool, "Held": heldPhrase(s.perms[tool])})
		if i == 0 {
			rows = row
			continue
		}
		rows = phraseMapRows.Say(map[string]any{"Rows": rows, "Row": row})
	}
	return phraseServerMap.Say(map[string]any{"Server": s.name, "Open": "{", "Rows": rows, "Close": "}"})
}

// expect sends tools/list and a call of every tool to s as a caller
// holding held, and demands the answers s's map gives.
func (s *instance) expect(ctx context.Context, held []string, servers []*instance) error {
	cs, _, err := s.f.Lab.Connect(ctx, token(s.f, held...))
	if err != nil {
		return s.f.Lab.FailSay(phraseInitValid.Say(nil), phraseASession.Say(nil), grader.Literal(err.Error()))
	}
	defer cs.Close()
	var other grader.Phrase
	for _, o := range servers {
		if o != s {
			other = o.describe()
		}
	}
	sent := func(what string) grader.Phrase {
		return phraseToServer.Say(map[string]any{"What": what, "Held": heldPhrase(held), "Server": s.name, "Other": other})
	}
	var want []string
	for _, tool := range catalog.ToolNames {
		if s.mayCall(tool, held) {
			want = append(want, tool)
		}
	}
	res, err := cs.ListTools(ctx, nil)
	if err != nil {
		return s.f.Lab.FailSay(sent("tools/list"), phraseAToolList.Say(nil), grader.Literal(err.Error()))
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	if !slices.Equal(sorted(names), sorted(want)) {
		return s.f.Lab.FailSay(sent("tools/list"), phraseListBy.Say(map[string]any{"Tools": listText(sorted(want)), "Map": s.describe()}),
			phraseListNotThisMap.Say(map[string]any{"Tools": listText(sorted(names))}))
	}
	args := map[string]any{
		catalog.ToolListProducts: struct{}{}, catalog.ToolGetProduct: catalog.IDArgs{ID: 1},
		catalog.ToolCreateProduct: catalog.CreateArgs{Name: "Jar", Price: 2}, catalog.ToolDeleteProduct: catalog.IDArgs{ID: 999999},
	}
	for _, tool := range catalog.ToolNames {
		before := len(s.f.Lab.Catalog.Calls())
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: tool, Arguments: args[tool]})
		if err != nil {
			return s.f.Lab.FailSay(sent("tools/call "+tool), phraseAResultWanted.Say(nil), phraseProtocolError.Say(map[string]any{"Err": err}))
		}
		ran := len(s.f.Lab.Catalog.Calls()) > before
		switch may := s.mayCall(tool, held); {
		case may && !ran:
			return s.f.Lab.FailSay(sent("tools/call "+tool), phraseRunsBy.Say(map[string]any{"Map": s.describe()}),
				phraseRefusalNotThisMap.Say(map[string]any{"Text": strconv.Quote(excerpt(probe.ToolText(res)))}))
		case !may && ran:
			return s.f.Lab.FailSay(sent("tools/call "+tool), phraseErrorBy.Say(map[string]any{"Map": s.describe()}),
				phraseRanNotThisMap.Say(nil))
		}
	}
	return nil
}
