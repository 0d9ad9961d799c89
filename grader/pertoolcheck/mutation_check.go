package pertoolcheck

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"sync"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// noSharedMutationCheck demands that answering one caller changes nothing
// the next caller's answer depends on: not the map Authorize was given,
// and not the tool list the server hands the middleware, which a server
// may share between requests.
func noSharedMutationCheck(t Target) grader.Check {
	return grader.Check{
		ID: "no-shared-mutation", Name: "Answering one caller changes neither the map nor the server's tool list for the next",
		Sends: "on a server that hands every tools/list the same list, as servers that build it once do: six callers " +
			"(Admin.Write, Guest.Read, User.Write, User.Read, \"\" and a permission no tool lists), each a tools/list, a call of " +
			"every tool and a tools/list again, twice over; each caller's requests also on a fresh server of its own",
		Expect: "each caller gets on the shared server exactly what it gets on a fresh one, and the map Authorize was given is unchanged",
		Hint: "Never write to what you were given. In tools/list, build a new slice (make, then append the allowed tools) and return " +
			"a copy of the *mcp.ListToolsResult: trimming list.Tools in place, or setting it on the result you got, changes the " +
			"server's own list. Never change perms or its slices either (no slices.DeleteFunc, sort or append into them).",
		Run: func(ctx context.Context) error {
			callers := mutationCallers()
			given := []map[string][]string{}
			serve := func() (*tokenlab.Fixture, error) {
				perms := referenceMap()
				given = append(given, perms)
				return start(t.with(perms), sharedList)
			}
			fresh := make([][]grader.Phrase, len(callers))
			for i, c := range callers {
				f, err := serve()
				if err != nil {
					return err
				}
				fresh[i], err = c.transcript(ctx, f)
				f.Lab.Close()
				if err != nil {
					return err
				}
			}
			f, err := serve()
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			var shared [][]grader.Phrase
			for range 2 {
				for _, c := range callers {
					got, err := c.transcript(ctx, f)
					if err != nil {
						return err
					}
					shared = append(shared, got)
				}
			}
			if err := unchanged(given); err != nil {
				return err
			}
			return sameAnswers(f, callers, fresh, shared)
		},
	}
}

// caller is one of the mutation check's callers: its own user and
// permissions.
type caller struct {
	user  string
	perms []string
}

func mutationCallers() []caller {
	var cs []caller
	for _, perms := range [][]string{{adminWrite}, {guestRead}, {userWrite}, {userRead}, {""}, {"Team." + probe.Random(3)}} {
		cs = append(cs, caller{user: "user-" + probe.Random(4), perms: perms})
	}
	return cs
}

// mutationRequests are what each caller sends, in order: arguments that
// suit every tool, and a delete of a product that does not exist, so that
// no caller changes the catalog another one reads.
var mutationRequests = []struct {
	tool string // "" sends tools/list
	args any
}{
	{"", nil},
	{catalog.ToolListProducts, struct{}{}},
	{catalog.ToolGetProduct, catalog.IDArgs{ID: 1}},
	{catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Funnel", Price: 4}},
	{catalog.ToolDeleteProduct, catalog.IDArgs{ID: 999999}},
	{"", nil},
}

// transcript opens a session as c on f and returns what became of each of
// mutationRequests: the tools listed, or whether the tool ran.
func (c caller) transcript(ctx context.Context, f *tokenlab.Fixture) ([]grader.Phrase, error) {
	tok := f.With(func(claims jwt.MapClaims) { claims["sub"], claims["permissions"] = c.user, c.perms })
	cs, _, err := f.Lab.Connect(ctx, map[string][]string{"Authorization": {"Bearer " + tok}})
	if err != nil {
		return nil, f.Lab.FailSay(phraseInitValid.Say(nil), phraseASession.Say(nil), grader.Literal(err.Error()))
	}
	defer cs.Close()
	var out []grader.Phrase
	for _, r := range mutationRequests {
		if r.tool == "" {
			res, err := cs.ListTools(ctx, nil)
			if err != nil {
				out = append(out, phraseListFailed.Say(nil))
				continue
			}
			var names []string
			for _, tool := range res.Tools {
				names = append(names, tool.Name)
			}
			out = append(out, phraseListShowed.Say(map[string]any{"Tools": listText(sorted(names))}))
			continue
		}
		before := len(f.Lab.Catalog.Calls())
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: r.tool, Arguments: r.args})
		switch {
		case len(f.Lab.Catalog.Calls()) > before:
			out = append(out, phraseToolRan.Say(map[string]any{"Tool": r.tool}))
		case err != nil:
			out = append(out, phraseDidNotRunProtocol.Say(map[string]any{"Tool": r.tool}))
		default:
			out = append(out, phraseDidNotRun.Say(map[string]any{"Tool": r.tool, "Text": strconv.Quote(excerpt(probe.ToolText(res)))}))
		}
	}
	if f.Lab.MCPPanic() != "" {
		return nil, f.Lab.FailSay(phraseListAndCallWith.Say(map[string]any{"Held": heldPhrase(c.perms)}), phraseAnswers.Say(nil), phraseNoAnswerAtAll.Say(nil))
	}
	return out, nil
}

// requestText names the i-th of mutationRequests.
func requestText(i int) string {
	if r := mutationRequests[i]; r.tool != "" {
		return "tools/call " + r.tool
	}
	return "tools/list"
}

// sameAnswers compares what each caller got on the shared server with what
// it got on a fresh one.
func sameAnswers(f *tokenlab.Fixture, callers []caller, fresh, shared [][]grader.Phrase) error {
	for n, got := range shared {
		c, i := callers[n%len(callers)], n%len(callers)
		for j := range got {
			if got[j].Text == fresh[i][j].Text {
				continue
			}
			before := phraseAfterOthers.Say(nil)
			if n == 0 {
				before = phraseAsFirst.Say(nil)
			}
			return f.Lab.FailSay(
				phraseAnsweredOthersFirst.Say(map[string]any{"Request": requestText(j), "Held": heldPhrase(c.perms), "Before": before}),
				phraseAsOnFresh.Say(map[string]any{"Answer": fresh[i][j]}),
				phraseEarlierChanged.Say(map[string]any{"Answer": got[j]}))
		}
	}
	return nil
}

// unchanged demands that every map handed to Authorize is still the
// reference map.
func unchanged(given []map[string][]string) error {
	want := referenceMap()
	for _, perms := range given {
		tools := slices.Sorted(maps.Keys(want))
		for k := range perms {
			if _, ok := want[k]; !ok {
				tools = append(tools, k)
			}
		}
		for _, tool := range tools {
			if got, ok := perms[tool]; !ok || !slices.Equal(got, want[tool]) {
				now := phraseGone.Say(nil)
				if ok {
					now = heldPhrase(got)
				}
				sent, expected := phraseSixCallers.Say(nil), phrasePermsUnchanged.Say(nil)
				if _, known := want[tool]; !known {
					return grader.Fail(sent, expected, phraseAddedToMap.Say(map[string]any{"Tool": tool, "Now": now}))
				}
				return grader.Fail(sent, expected, phraseChangedMap.Say(map[string]any{"Tool": tool, "Was": heldPhrase(want[tool]), "Now": now}))
			}
		}
	}
	return nil
}

// referenceMap returns a fresh copy of the reference map, with every
// permission the lesson suggests.
func referenceMap() map[string][]string {
	m := map[string][]string{}
	for tool, r := range reference {
		m[tool] = slices.Concat(r.must, r.may)
	}
	return m
}

// sharedList makes the server answer every tools/list with one and the same
// *mcp.ListToolsResult, as a server that builds its list once may: code that
// filters it in place changes what the next caller is shown.
func sharedList(s *mcp.Server) {
	var (
		once   sync.Once
		shared mcp.Result
		err    error
	)
	s.AddReceivingMiddleware(func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if method != "tools/list" {
				return next(ctx, method, req)
			}
			once.Do(func() { shared, err = next(ctx, method, req) })
			return shared, err
		}
	})
}
