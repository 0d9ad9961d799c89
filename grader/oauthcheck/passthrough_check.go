package oauthcheck

import (
	"context"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/internal/oauthconfig"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// passthroughCheck calls check_stock with a valid token: the inventory must
// be called with the server's own key, and the caller's token must never
// arrive there, in any header, the URL or the body.
func passthroughCheck(t Target) grader.Check {
	sent, want := phraseSentStock.Say(nil), phraseWantStock.Say(nil)
	return grader.Check{
		ID:     "no-token-passthrough",
		Name:   "The downstream API gets the server's own credential, never the caller's token",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "In check_stock, send Authorization: Bearer cfg.InventoryKey. The caller's token was issued for this server (its aud): passing it on makes this server a confused deputy.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			token, err := l.sign(nil)
			if err != nil {
				return err
			}
			cs, rec, err := l.connect(ctx, token)
			if err != nil {
				got := grader.Literal(err.Error())
				if last := rec.Last(); last != nil {
					got = last.DescribePhrase()
				}
				return grader.Fail(phraseSentValid.Say(nil), phraseWant200.Say(nil), got)
			}
			defer cs.Close()
			res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: oauthconfig.ToolCheckStock, Arguments: oauthconfig.StockArgs{ID: 1}})
			if err != nil {
				return grader.Fail(sent, want, phraseCallFailed.Say(map[string]any{"Err": err}))
			}
			for i, r := range l.inventory.requests() {
				if strings.Contains(r.Dump, token) {
					return grader.Fail(sent, want, phraseTokenForwarded.Say(map[string]any{"I": i + 1}))
				}
				if r.Authorization != "Bearer "+l.cfg.InventoryKey {
					return grader.Fail(sent, want, phraseWrongCredential.Say(map[string]any{"I": i + 1, "Auth": strconv.Quote(r.Authorization)}))
				}
			}
			if res.IsError || !strings.Contains(toolText(res), l.stockMark) {
				return grader.Fail(sent, want, phraseNoInventoryAnswer.Say(map[string]any{"Result": excerpt(toolText(res))}))
			}
			return nil
		}),
	}
}
