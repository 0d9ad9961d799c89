package pertoolcheck

import (
	"context"
	"net/http"
	"runtime/debug"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// multiPermissionCheck demands that every permission of a token counts,
// not only its first, in any order.
func multiPermissionCheck(t Target) grader.Check {
	return grader.Check{
		ID: "multi-permission-tokens", Name: "A token with several permissions is allowed by any of them, wherever it stands in the list",
		Sends: "delete_product with [Guest.Read, Admin.Write], then tools/list; create_product with [<a permission no tool lists>, User.Write]; " +
			"create_product with [Guest.Read, User.Read, User.Write]; delete_product with [Admin.Write, Guest.Read]",
		Expect: "every call runs the real tool, and the list shows all four tools",
		Hint: "TokenInfo.Scopes holds every permission of the token. Loop over all of them (or use slices.Contains on the whole " +
			"slice): Scopes[0] alone misses the permission that opens the tool.",
		Run: func(ctx context.Context) error {
			unknown := "Team." + probe.Random(3)
			cases := []struct {
				perms []string
				tool  string
				args  any
				list  []string
			}{
				{[]string{guestRead, adminWrite}, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 1}, catalog.ToolNames},
				{[]string{unknown, userWrite}, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Kettle", Price: 30}, nil},
				{[]string{guestRead, userRead, userWrite}, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Tray", Price: 9}, nil},
				{[]string{adminWrite, guestRead}, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 2}, nil},
			}
			for _, c := range cases {
				err := withSession(ctx, t.Protect, c.perms, func(s *session) error {
					if err := s.expectAllowed(ctx, c.tool, c.args); err != nil {
						return err
					}
					if c.list == nil {
						return nil
					}
					return s.expectList(ctx, c.list, describe(c.perms))
				})
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// lowerTokenCheck demands, within one session, that a tools/list and a
// tools/call made after a swap to a lower token get the lower answer, even
// when the same request was answered earlier with a higher one.
func lowerTokenCheck(t Target) grader.Check {
	reads := []string{catalog.ToolListProducts, catalog.ToolGetProduct}
	return grader.Check{
		ID: "lower-token-lower-answers", Name: "A second tools/list or tools/call after a swap to a lower token gets the lower answer",
		Sends: "one session: tools/list and delete_product with Admin.Write; the token swapped for Guest.Read: tools/list and " +
			"delete_product again; swapped for User.Write: tools/list and create_product; back to Admin.Write: tools/list",
		Expect: "all four tools and a deletion; then the two read tools and a tool error; then three tools and a creation; then all four",
		Hint: "Compute the answer from this request's TokenInfo every time. Do not keep a filtered tools/list, or a decision, " +
			"keyed by session, user or tool: the same session can bring a token with fewer permissions at any moment.",
		Run: func(ctx context.Context) error {
			return withSession(ctx, t.Protect, []string{adminWrite}, func(s *session) error {
				steps := []func() error{
					func() error { return s.expectList(ctx, catalog.ToolNames, grader.Literal(adminWrite)) },
					func() error { return s.expectAllowed(ctx, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 1}) },
					func() error {
						s.swap(guestRead)
						return s.expectList(ctx, reads, phraseAfterList.Say(map[string]any{"Perm": guestRead, "Before": adminWrite}))
					},
					func() error { return s.expectDenied(ctx, catalog.ToolDeleteProduct, catalog.IDArgs{ID: 2}) },
					func() error {
						s.swap(userWrite)
						return s.expectList(ctx, append([]string{catalog.ToolCreateProduct}, reads...), phraseAfterList.Say(map[string]any{"Perm": userWrite, "Before": guestRead}))
					},
					func() error {
						return s.expectAllowed(ctx, catalog.ToolCreateProduct, catalog.CreateArgs{Name: "Sieve", Price: 12})
					},
					func() error {
						s.swap(adminWrite)
						return s.expectList(ctx, catalog.ToolNames, phraseAfterList.Say(map[string]any{"Perm": adminWrite, "Before": userWrite}))
					},
				}
				for _, step := range steps {
					if err := step(); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
}

// quietLogsCheck demands that nothing the learner's code prints holds a
// token: the request's headers (req.GetExtra().Header) carry it. The
// requests' answers are not judged here; other checks do that.
func quietLogsCheck(t Target) grader.Check {
	return probe.QuietLogsCheck(phraseLogsSends.Say(nil),
		func(ctx context.Context) (secrets []probe.Secret, err error) {
			// The capture runs this on a goroutine of its own, where a
			// panic in Protect would end the process: report it instead.
			defer func() {
				if p := recover(); p != nil {
					root, dir := grader.LearnerDirs()
					err = grader.PanicCause(p, string(debug.Stack()), root, dir).PanicFailure(grader.Phrase{})
				}
			}()
			f, err := start(t.Protect)
			if err != nil {
				return nil, err
			}
			defer f.Lab.Close()
			admin, guest := rawToken(f, adminWrite), rawToken(f, guestRead)
			secrets = []probe.Secret{{Label: probe.PhraseSecretToken.Say(nil), Value: admin}, {Label: probe.PhraseSecretToken.Say(nil), Value: guest},
				{Label: probe.PhraseSecretSigningKey.Say(nil), Value: string(f.Cfg.SigningKey)}}
			for _, tok := range []string{admin, guest} {
				cs, _, err := f.Lab.Connect(ctx, http.Header{"Authorization": {"Bearer " + tok}})
				if err != nil {
					return nil, f.Lab.FailSay(phraseInitValid.Say(nil), phraseASession.Say(nil), grader.Literal(err.Error()))
				}
				_, _ = cs.ListTools(ctx, nil)
				_, _ = cs.CallTool(ctx, &mcp.CallToolParams{Name: catalog.ToolDeleteProduct, Arguments: catalog.IDArgs{ID: 999999}})
				_, _ = cs.CallTool(ctx, &mcp.CallToolParams{Name: catalog.ToolListProducts, Arguments: struct{}{}})
				cs.Close()
			}
			if f.Lab.MCPPanic() != "" {
				return nil, f.Lab.FailSay(phraseListAndCall.Say(nil), phraseAnswers.Say(nil), phraseNoAnswerAtAll.Say(nil))
			}
			return secrets, nil
		})
}
