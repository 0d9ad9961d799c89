package rbaccheck

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
	"authlab/internal/jwtconfig"

	"github.com/golang-jwt/jwt/v5"
)

// caller is one of the concurrent check's callers: who they are, the
// Authorization value they send and what each of their requests must get.
type caller struct {
	name string // how the learner is told who this caller is
	auth string
	want oracle.Expect
	// marks are strings that belong to this caller alone (user name,
	// permissions), which no other caller's answer may carry.
	marks []string
}

// Concurrent load: rounds of requests from every caller at once, for at
// most loadFor, each caller sending perRound requests per round from
// senders goroutines.
const (
	loadFor  = time.Second
	perRound = 20
	senders  = 2
)

// concurrentCheck sends interleaved requests from callers with different
// identities and permissions to one server: each must get exactly their
// own answer, and the tools must be told exactly their own identity.
func concurrentCheck(t Target) grader.Check {
	return grader.Check{
		ID: "concurrent-callers-isolated", Name: "Concurrent callers each get their own decision and identity",
		Sends: "tools/call from six callers at once, for a second: two users with User.Read and permissions of their own, " +
			"a user without User.Read, a user who does not exist, a token signed with another key, and no token",
		Expect: "each request gets the answer its own token deserves, the tools see exactly its caller's sub and permissions, and " +
			"no answer carries another caller's name or permissions",
		Hint: "Keep everything about a request in variables local to the handler function: no package-level \"current claims\", " +
			"no field of a shared struct written per request. Requests are served concurrently.",
		Deadline: 6 * time.Second,
		Run: func(ctx context.Context) error {
			crowds, err := newCrowds()
			if err != nil {
				return err
			}
			c := crowds[0]
			// A store behind a network answers in a millisecond or so:
			// meanwhile other requests run, as they do in production.
			c.Store.SlowLookups(time.Millisecond)
			f, err := startWith(t, phraseThreeUsers.Say(nil), func(cfg *jwtconfig.Config) { cfg.Users = c.Store })
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			callers := crowdCallers(f, c)
			// A session per sender: requests in flight on one session
			// must have distinct JSON-RPC ids.
			sessions := make([][senders]string, len(callers))
			for i := range callers {
				for s := range senders {
					id, closeSession, err := f.Lab.DirectSession(ctx)
					if err != nil {
						return err
					}
					defer closeSession()
					sessions[i][s] = id
				}
			}
			return load(ctx, f, callers, sessions)
		},
	}
}

// crowdCallers returns the concurrent check's callers, for the users of c.
func crowdCallers(f *tokenlab.Fixture, c crowd) []caller {
	a, b, lacking := c.Users[0], c.Users[1], c.Users[2]
	extraA, extraB := "Extra."+probe.Random(4), "Extra."+probe.Random(4)
	allowed := func(user string, perms ...string) oracle.Expect {
		return oracle.Expect{{Allow: true, Identity: &probe.Identity{UserID: user, Scopes: perms}}}
	}
	ghost := "ghost-" + probe.Random(4)
	return []caller{
		{name: describeUser(a) + " with User.Read", auth: "Bearer " + tokenFor(f, a, []string{Permission, extraA}),
			want: allowed(a, Permission, extraA), marks: []string{a, extraA}},
		{name: describeUser(b) + " with User.Read", auth: "Bearer " + tokenFor(f, b, []string{"Guest.Read", extraB, Permission}),
			want: allowed(b, "Guest.Read", extraB, Permission), marks: []string{b, extraB}},
		{name: describeUser(lacking) + " without User.Read", auth: "Bearer " + tokenFor(f, lacking, []string{"Guest.Read"}),
			want: oracle.Refused(insufficientScope), marks: []string{lacking}},
		{name: describeUser(ghost) + ", who does not exist", auth: "Bearer " + tokenFor(f, ghost, []string{Permission}),
			want: oracle.Refused(unknownUser), marks: []string{ghost}},
		{name: "a token with User.Read signed with another key", auth: "Bearer " + tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32))),
			want: oracle.Refused(tokenlab.InvalidToken)},
		{name: "no token", want: oracle.Refused(probe.NoCredential)},
	}
}

// answer is what came back to one request of the load.
type answer struct {
	caller int
	tag    string // the request's CallerHeader
	ex     *probe.Exchange
	err    error
}

// load sends rounds of tools/call list_products from every caller at once
// until loadFor has passed, and judges every answer.
func load(ctx context.Context, f *tokenlab.Fixture, callers []caller, sessions [][senders]string) error {
	for deadline, round := time.Now().Add(loadFor), 0; time.Now().Before(deadline) && ctx.Err() == nil; round++ {
		idsBefore := len(f.Lab.Identities())
		answers := sendRound(ctx, f, callers, sessions, round)
		if ctx.Err() != nil {
			return nil
		}
		if err := judgeRound(f, callers, answers, f.Lab.Identities()[idsBefore:]); err != nil {
			return err
		}
	}
	return nil
}

// sendRound sends perRound requests per caller, from senders goroutines
// per caller, all callers at once.
func sendRound(ctx context.Context, f *tokenlab.Fixture, callers []caller, sessions [][senders]string, round int) []answer {
	var mu sync.Mutex
	var answers []answer
	var wg sync.WaitGroup
	for i, c := range callers {
		for s := range senders {
			wg.Go(func() {
				for n := s; n < perRound; n += senders {
					tag := fmt.Sprintf("caller-%d/%d/%d", i, round, n)
					headers := map[string]string{"Mcp-Session-Id": sessions[i][s], probe.CallerHeader: tag}
					if c.auth != "" {
						headers["Authorization"] = c.auth
					}
					ex, err := f.Lab.Send(ctx, probe.ToolCall(catalog.ToolListProducts, map[string]any{}), headers)
					mu.Lock()
					answers = append(answers, answer{caller: i, tag: tag, ex: ex, err: err})
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	return answers
}

// judgeRound judges each answer of a round against its caller's
// expectation, with the identities its tool calls recorded.
func judgeRound(f *tokenlab.Fixture, callers []caller, answers []answer, ids []probe.Identity) error {
	byTag := map[string][]probe.Identity{}
	for _, id := range ids {
		byTag[id.Caller] = append(byTag[id.Caller], id)
	}
	for _, a := range answers {
		c := callers[a.caller]
		sent := phraseFiveOthers.Say(map[string]any{"Caller": c.name})
		if a.err != nil {
			return f.Lab.FailSay(sent, c.want.Phrase(), grader.Literal(a.err.Error()))
		}
		eff := probe.Effect{Identities: byTag[a.tag]}
		eff.Reached = len(eff.Identities) > 0 || (a.ex.Status < 300 && a.ex.Status >= 200)
		if dis := c.want.Judge(a.ex, eff, probe.Credential(c.auth)); dis != nil {
			return f.Lab.FailSay(sent, *dis.ExpectedPhrase, dis.GotPhrases...)
		}
		if c.want[0].Allow && len(eff.Identities) != 1 {
			return f.Lab.FailSay(sent, c.want.Phrase(), phraseRanTimes.Say(map[string]any{"Answer": a.ex.DescribePhrase(), "Times": len(eff.Identities)}))
		}
		if a.ex.Status >= 400 {
			if leak := otherCallersMark(callers, a.caller, a.ex); leak != "" {
				return f.Lab.FailSay(sent, phraseNothingOfOther.Say(map[string]any{"Want": c.want.Phrase()}), phraseRefusalCarries.Say(map[string]any{"Leak": leak}))
			}
		}
	}
	return nil
}

// otherCallersMark returns what of another caller than self an answer
// carries (a user name, a permission), or "".
func otherCallersMark(callers []caller, self int, ex *probe.Exchange) string {
	text := ex.Body + "\n" + ex.WWWAuthenticate
	for k, vs := range ex.Header {
		text += "\n" + k + ": " + strings.Join(vs, ", ")
	}
	for i, c := range callers {
		if i == self {
			continue
		}
		for _, m := range c.marks {
			if strings.Contains(text, m) {
				return fmt.Sprintf("%q, which belongs to %s", m, c.name)
			}
		}
	}
	return ""
}
