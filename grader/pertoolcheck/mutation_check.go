package pertoolcheck

import (
	"context"
	"fmt"
	"maps"
	"slices"
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
			fresh := make([][]string, len(callers))
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
			var shared [][]string
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
func (c caller) transcript(ctx context.Context, f *tokenlab.Fixture) ([]string, error) {
	tok := f.With(func(claims jwt.MapClaims) { claims["sub"], claims["permissions"] = c.user, c.perms })
	cs, _, err := f.Lab.Connect(ctx, map[string][]string{"Authorization": {"Bearer " + tok}})
	if err != nil {
		return nil, f.Lab.Fail("initialize with a valid token", "a session", err.Error())
	}
	defer cs.Close()
	var out []string
	for _, r := range mutationRequests {
		if r.tool == "" {
			res, err := cs.ListTools(ctx, nil)
			if err != nil {
				out = append(out, "tools/list failed (a protocol error)")
				continue
			}
			var names []string
			for _, tool := range res.Tools {
				names = append(names, tool.Name)
			}
			out = append(out, "tools/list showed "+listText(sorted(names)))
			continue
		}
		before := len(f.Lab.Catalog.Calls())
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: r.tool, Arguments: r.args})
		switch {
		case len(f.Lab.Catalog.Calls()) > before:
			out = append(out, r.tool+" ran")
		case err != nil:
			out = append(out, r.tool+" did not run (a protocol error)")
		default:
			out = append(out, fmt.Sprintf("%s did not run (%q)", r.tool, excerpt(probe.ToolText(res))))
		}
	}
	if f.Lab.MCPPanic() != "" {
		return nil, f.Lab.Fail("tools/list and tools/call with "+heldText(c.perms), "answers", "no answer")
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
func sameAnswers(f *tokenlab.Fixture, callers []caller, fresh, shared [][]string) error {
	for n, got := range shared {
		c, i := callers[n%len(callers)], n%len(callers)
		for j := range got {
			if got[j] == fresh[i][j] {
				continue
			}
			before := "after the other callers' requests"
			if n == 0 {
				before = "as the first caller"
			}
			return f.Lab.Fail(
				fmt.Sprintf("%s with %s, on a server that answered other callers first (%s)", requestText(j), heldText(c.perms), before),
				fresh[i][j]+", as on a fresh server",
				got[j]+": answering an earlier caller changed something your check reads (the map, or the server's tool list)")
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
				now := "gone"
				if ok {
					now = heldText(got)
				}
				if _, known := want[tool]; !known {
					return grader.Failf("Authorize(perms) and the requests of six callers", "perms unchanged",
						"your code added %s to the map it was given (now %s)", tool, now)
				}
				return grader.Failf("Authorize(perms) and the requests of six callers", "perms unchanged",
					"your code changed the map it was given: %s was %s, now %s", tool, heldText(want[tool]), now)
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
