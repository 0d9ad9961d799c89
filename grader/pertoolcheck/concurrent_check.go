package pertoolcheck

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// concurrentRounds is how many times the concurrent callers each send
// their requests.
const concurrentRounds = 3

// concurrentCallersCheck demands that callers with different permissions,
// at the same time on one server, each get exactly their own lists and
// decisions.
func concurrentCallersCheck(t Target) grader.Check {
	return grader.Check{
		ID: "concurrent-callers", Name: "Callers with different permissions, at the same time on one server, each get exactly their own answers",
		Sends: "five callers at once (Admin.Write, User.Write, User.Read, Guest.Read, a permission no tool lists), each a user of its " +
			"own on a session of its own, three rounds of: tools/list (held inside the server until all five are in), then " +
			"create_product, get_product and delete_product",
		Expect: "each caller's list and decisions are those of its own permissions; a denial names the tool that caller asked for; " +
			"every tool that runs is told its own caller's identity",
		Hint: "Keep everything about a request in local variables of the function that handles it. A package-level or closure " +
			"variable (the current caller's permissions, the tool being decided, a cache) is shared by every caller at once.",
		Deadline: 8 * time.Second,
		Run: func(ctx context.Context) error {
			b := &backstage{}
			g := &gate{n: 5}
			f, err := start(t.Protect, b.setup, g.setup)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			var callers []*liveCaller
			for i, perms := range [][]string{{adminWrite}, {userWrite}, {userRead}, {guestRead}, {"Team." + probe.Random(3)}} {
				c, err := connectCaller(ctx, f, b, fmt.Sprintf("caller-%d", i+1), perms)
				if err != nil {
					return err
				}
				defer c.cs.Close()
				callers = append(callers, c)
			}
			for round := 1; round <= concurrentRounds; round++ {
				errs := make([]error, len(callers))
				var wg sync.WaitGroup
				for i, c := range callers {
					wg.Go(func() { errs[i] = c.round(ctx, round, len(callers)-1) })
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						return err
					}
				}
			}
			return toldOwnIdentity(f, callers)
		},
	}
}

// liveCaller is one of the concurrent callers, with its session.
type liveCaller struct {
	name, user string
	perms      []string
	f          *tokenlab.Fixture
	b          *backstage
	cs         *mcp.ClientSession
}

// connectCaller opens a session for a caller of its own, tagged name.
func connectCaller(ctx context.Context, f *tokenlab.Fixture, b *backstage, name string, perms []string) (*liveCaller, error) {
	c := &liveCaller{name: name, user: "user-" + probe.Random(4), perms: perms, f: f, b: b}
	tok := f.With(func(claims jwt.MapClaims) { claims["sub"], claims["permissions"] = c.user, perms })
	cs, _, err := f.Lab.Connect(ctx, http.Header{"Authorization": {"Bearer " + tok}, probe.CallerHeader: {name}})
	if err != nil {
		return nil, f.Lab.FailSay(phraseInitValid.Say(nil), phraseASession.Say(nil), grader.Literal(err.Error()))
	}
	c.cs = cs
	return c, nil
}

// round sends the caller's requests once and checks each answer.
func (c *liveCaller) round(ctx context.Context, round, others int) error {
	sent := func(what string) grader.Phrase {
		return phraseRoundSent.Say(map[string]any{"Round": round, "What": what, "Held": heldPhrase(c.perms), "Others": others})
	}
	res, err := c.cs.ListTools(ctx, nil)
	if err != nil {
		return c.f.Lab.FailSay(sent("tools/list"), phraseAToolList.Say(nil), grader.Literal(err.Error()))
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	names = sorted(names)
	lists := visible(catalog.ToolNames, c.perms)
	if !slices.ContainsFunc(lists, func(l []string) bool { return slices.Equal(l, names) }) {
		return c.f.Lab.FailSay(sent("tools/list"), wantFor(true, "", catalog.ToolNames, c.user, c.perms).Phrase(), phraseTheList.Say(map[string]any{"Tools": listText(names)}))
	}
	calls := []struct {
		tool string
		args any
	}{
		{catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Cup", Price: 3}},
		{catalog.ToolGetProduct, catalog.IDArgs{ID: 3}},
		{catalog.ToolDeleteProduct, catalog.IDArgs{ID: 999999}},
	}
	for _, call := range calls {
		before := c.through(call.tool)
		res, err := c.cs.CallTool(ctx, &mcp.CallToolParams{Name: call.tool, Arguments: call.args})
		w := wantFor(false, call.tool, nil, c.user, c.perms)
		what := sent("tools/call " + call.tool)
		if err != nil {
			return c.f.Lab.FailSay(what, w.Phrase(), phraseProtocolError.Say(map[string]any{"Err": err}))
		}
		passed := c.through(call.tool) > before
		switch text := probe.ToolText(res); {
		case w.verdict == allow && !passed:
			return c.f.Lab.FailSay(what, w.Phrase(), phraseRefusalAllowed.Say(map[string]any{"Text": strconv.Quote(excerpt(text))}))
		case w.verdict == deny && passed:
			return c.f.Lab.FailSay(what, w.Phrase(), phraseThroughNotAllowed.Say(nil))
		case w.verdict == deny && (!res.IsError || !strings.Contains(text, call.tool)):
			return c.f.Lab.FailSay(what, w.Phrase(), phraseAnswerNotNaming.Say(map[string]any{"Text": strconv.Quote(excerpt(text)), "Tool": call.tool}))
		}
	}
	return nil
}

// through counts this caller's calls of tool that got past the check.
func (c *liveCaller) through(tool string) int {
	n := 0
	for _, p := range c.b.passages() {
		if p.Caller == c.name && p.Tool == tool {
			n++
		}
	}
	return n
}

// toldOwnIdentity demands that every tool that ran was told its own
// caller's identity.
func toldOwnIdentity(f *tokenlab.Fixture, callers []*liveCaller) error {
	for _, id := range f.Lab.Identities() {
		for _, c := range callers {
			if id.Caller != c.name {
				continue
			}
			if !id.Known || id.UserID != c.user || !probe.SameSet(id.Scopes, c.perms) {
				return f.Lab.FailSay(phraseAmongConcurrent.Say(map[string]any{"Tool": id.Tool, "User": strconv.Quote(c.user), "Held": heldPhrase(c.perms)}),
					phraseToldUser.Say(map[string]any{"User": strconv.Quote(c.user), "Held": heldPhrase(c.perms)}),
					phraseWasToldUser.Say(map[string]any{"User": strconv.Quote(id.UserID), "Held": heldPhrase(id.Scopes)}))
			}
		}
	}
	return nil
}

// gate holds each tools/list inside the server until n of them are in, or
// a moment has passed, so that concurrent callers' requests overlap for
// sure; it slows each tools/call down a little, for the same reason.
type gate struct {
	n       int
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

// gateWait bounds how long a tools/list waits for the others.
const gateWait = 150 * time.Millisecond

func (g *gate) setup(s *mcp.Server) {
	s.AddReceivingMiddleware(func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/list":
				g.wait()
			case "tools/call":
				time.Sleep(5 * time.Millisecond)
			}
			return next(ctx, method, req)
		}
	})
}

func (g *gate) wait() {
	g.mu.Lock()
	if g.open == nil {
		g.open = make(chan struct{})
	}
	open := g.open
	g.waiting++
	if g.waiting >= g.n {
		close(open)
		g.open, g.waiting = nil, 0
	}
	g.mu.Unlock()
	select {
	case <-open:
	case <-time.After(gateWait):
	}
}
