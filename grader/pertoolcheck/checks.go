package pertoolcheck

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ID is the stage's id in the course manifest.
const ID = "per-tool-rbac"

// Stage returns stage 4, per-tool-rbac, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Deep returns stage 4's deep checks against t: the differential check with
// a larger budget, concurrent callers on one server, and two servers with
// different maps side by side.
func Deep(t Target) []grader.Check {
	return []grader.Check{differential(t).Deep(), concurrentCallersCheck(t), twoInstancesCheck(t)}
}

// Checks returns stage 4's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "denied-call-is-tool-error", Name: "A call without the tool's permission is a tool error naming the tool, and the tool does not run",
			Sends:  "tools/call create_product with a token holding only User.Read",
			Expect: "a result with isError: true whose text names create_product; the tool never runs",
			Hint:   "In your tools/call middleware, when the caller lacks every permission the tool accepts, return &mcp.CallToolResult{IsError: true, Content: ...} naming the tool, without calling next.",
			Run: func(ctx context.Context) error {
				return withSession(ctx, t.Protect, []string{"User.Read"}, func(s *session) error {
					return s.expectDenied(ctx, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "forged", Price: 1})
				})
			},
		},
		{
			ID: "delete-needs-admin", Name: "delete_product needs exactly Admin.Write: User.Write, or a look-alike of Admin.Write, is not enough",
			Sends:  "tools/call delete_product {id: 1} with a token holding User.Write; then with admin.write, with Admin.Writer and with Admin alone",
			Expect: "a tool error each time, and product 1 still in the catalog",
			Hint:   "delete_product's entry in your map lists only Admin.Write. Compare the caller's permissions (req.GetExtra().TokenInfo.Scopes) with it exactly, as slices.Contains does: no strings.EqualFold, no prefix or substring match.",
			Run: func(ctx context.Context) error {
				// The look-alikes catch a comparison that is not exact:
				// case-insensitive, a prefix either way, or a substring.
				for _, perm := range []string{"User.Write", "admin.write", "Admin.Writer", "Admin"} {
					err := withSession(ctx, t.Protect, []string{perm}, func(s *session) error {
						return s.expectDenied(ctx, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 1})
					})
					if err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			ID: "any-of-permissions", Name: "Any one of a tool's permissions is enough, and allowed calls work",
			Sends:  "create_product with User.Write; create_product and delete_product with Admin.Write; list_products with Guest.Read; get_product with User.Read",
			Expect: "every call succeeds and the tool really runs",
			Hint:   "The chapter's rule is any-of: create_product accepts User.Write or Admin.Write. Let the call through when the caller holds at least one of the tool's permissions.",
			Run: func(ctx context.Context) error {
				allowed := []struct {
					perms []string
					tool  string
					args  any
				}{
					{[]string{"User.Write"}, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Scale", Price: 35}},
					{[]string{"Admin.Write"}, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Tamper", Price: 25}},
					{[]string{"Admin.Write"}, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 2}},
					{[]string{"Guest.Read"}, catalog.ToolListProducts, struct{}{}},
					{[]string{"User.Read"}, catalog.ToolGetProduct, catalog.IDArgs{ID: 1}},
				}
				for _, a := range allowed {
					err := withSession(ctx, t.Protect, a.perms, func(s *session) error { return s.expectAllowed(ctx, a.tool, a.args) })
					if err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			ID: "unknown-tool-denied", Name: "A tool missing from the map is denied to everyone (deny by default)",
			Sends:  "tools/call on a tool the catalog serves but your map does not know, with a token holding every permission; then tools/list",
			Expect: "a tool error, the tool never runs, and tools/list does not show it",
			Hint:   "Look the tool up in your map; when it is not there, deny. A new tool must be opened on purpose, never by omission.",
			Run: func(ctx context.Context) error {
				hidden := "export_catalog_" + strings.ToLower(probe.Random(4))
				var ran atomic.Bool
				addHidden := func(s *mcp.Server) {
					s.AddTool(&mcp.Tool{Name: hidden, Description: "Export the whole catalog", InputSchema: map[string]any{"type": "object"}},
						func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
							ran.Store(true)
							return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "exported"}}}, nil
						})
				}
				all := []string{"Guest.Read", "User.Read", "User.Write", "Admin.Write"}
				return withSession(ctx, t.Protect, all, func(s *session) error {
					res, err := s.cs.CallTool(ctx, &mcp.CallToolParams{Name: hidden, Arguments: map[string]any{}})
					sent := phraseEveryPermission.Say(map[string]any{"Tool": hidden})
					switch {
					case err != nil:
						return s.f.Lab.FailSay(sent, phraseToolErrorWanted.Say(nil), phraseProtocolError.Say(map[string]any{"Err": err}))
					case ran.Load():
						return s.f.Lab.FailSay(sent, phraseErrorNeverRuns.Say(nil), phraseUnlistedAllowed.Say(nil))
					case !res.IsError:
						return s.f.Lab.FailSay(sent, phraseErrorNeverRuns.Say(nil), phraseNotFromTool.Say(map[string]any{"Text": probe.ToolText(res)}))
					}
					names, err := s.list(ctx)
					if err != nil {
						return s.f.Lab.FailSay(phraseToolsList.Say(nil), phraseMayCall.Say(nil), grader.Literal(err.Error()))
					}
					for _, n := range names {
						if n == hidden {
							return s.f.Lab.FailSay(phraseListEveryPermission.Say(nil), phraseNoTool.Say(map[string]any{"Tool": hidden}),
								phraseIsListed.Say(map[string]any{"Tools": strings.Join(names, ", ")}))
						}
					}
					return nil
				}, addHidden)
			},
		},
		{
			ID: "checked-every-request", Name: "Permissions are checked on every request, not remembered from the session's start",
			Sends:  "a session opened with Admin.Write whose token is then swapped for one with Guest.Read only (same user); then the reverse",
			Expect: "after the swap to Guest.Read, delete_product is denied and tools/list shrinks; after the swap to User.Write, create_product works",
			Hint:   "Read req.GetExtra().TokenInfo on each tools/call and tools/list. Do not store permissions at initialize or per session: a token can be replaced, or a role removed, mid-session.",
			Run: func(ctx context.Context) error {
				err := withSession(ctx, t.Protect, []string{"Admin.Write"}, func(s *session) error {
					if err := s.expectAllowed(ctx, catalog.ToolListProducts, struct{}{}); err != nil {
						return err
					}
					s.swap("Guest.Read")
					if err := s.expectDenied(ctx, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 1}); err != nil {
						return err
					}
					return s.expectList(ctx, []string{catalog.ToolListProducts, catalog.ToolGetProduct}, phraseAfterSwap.Say(map[string]any{"Perm": guestRead}))
				})
				if err != nil {
					return err
				}
				return withSession(ctx, t.Protect, []string{"Guest.Read"}, func(s *session) error {
					if err := s.expectDenied(ctx, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "early", Price: 1}); err != nil {
						return err
					}
					s.swap("User.Write")
					return s.expectAllowed(ctx, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "later", Price: 2})
				})
			},
		},
		{
			ID: "list-shows-allowed-tools", Name: "tools/list shows only the tools the caller may call",
			Sends:  "tools/list with Guest.Read, with User.Write, with Admin.Write and with Visitor, a permission no tool accepts",
			Expect: "list and get for Guest.Read; those and create for User.Write; all four for Admin.Write; none for Visitor",
			Hint:   "In tools/list, call next, then keep only the tools the caller may call, in a new slice.",
			Run: func(ctx context.Context) error {
				reads := []string{catalog.ToolListProducts, catalog.ToolGetProduct}
				cases := []struct {
					perms []string
					want  []string
				}{
					{[]string{"Guest.Read"}, reads},
					{[]string{"User.Write"}, append([]string{catalog.ToolCreateProduct}, reads...)},
					{[]string{"Admin.Write"}, catalog.ToolNames},
					{[]string{"Visitor"}, nil},
				}
				for _, c := range cases {
					err := withSession(ctx, t.Protect, c.perms, func(s *session) error { return s.expectList(ctx, c.want, describe(c.perms)) })
					if err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			ID: "no-identity-denied", Name: "A request with no verified identity is denied every tool",
			Sends:  "tools/call list_products and tools/list on a server whose HTTP layer hands on no identity",
			Expect: "a tool error, and an empty tools/list",
			Hint:   "When req.GetExtra() or its TokenInfo is nil, the caller holds no permission at all: deny.",
			Run: func(ctx context.Context) error {
				lab, err := probe.Start(func(next http.Handler) (http.Handler, error) { return next, nil }, probe.WithServer(t.Protect))
				if err != nil {
					return err
				}
				defer lab.Close()
				cs, rec, err := lab.Connect(ctx, nil)
				if err != nil {
					return lab.FailSay(phraseInitNoIdentity.Say(nil), phraseASession.Say(nil), grader.Literal(err.Error()))
				}
				defer cs.Close()
				s := &session{f: &tokenlab.Fixture{Lab: lab}, cs: cs, rec: rec, perms: nil}
				if err := s.expectDenied(ctx, catalog.ToolListProducts, struct{}{}); err != nil {
					return err
				}
				return s.expectList(ctx, nil, phraseNoIdentity.Say(nil))
			},
		},
		multiPermissionCheck(t),
		lowerTokenCheck(t),
		noSharedMutationCheck(t),
		cacheScopeCheck(t),
		differential(t).Fast(),
		quietLogsCheck(t),
		probe.LoopbackOnlyCheck(),
	}
}
