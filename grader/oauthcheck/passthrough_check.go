package oauthcheck

import (
	"context"
	"fmt"
	"strings"

	"authlab/grader"
	"authlab/internal/oauthconfig"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// passthroughCheck calls check_stock with a valid token: the inventory must
// be called with the server's own key, and the caller's token must never
// arrive there, in any header, the URL or the body.
func passthroughCheck(t Target) grader.Check {
	const sent = "tools/call check_stock with a valid token"
	const want = "the inventory's answer, the inventory called with the server's own key and never with the caller's token"
	return grader.Check{
		ID:     "no-token-passthrough",
		Name:   "The downstream API gets the server's own credential, never the caller's token",
		Sends:  sent,
		Expect: want,
		Hint:   "In check_stock, send Authorization: Bearer cfg.InventoryKey. The caller's token was issued for this server (its aud): passing it on makes this server a confused deputy.",
		Run: func(ctx context.Context) error {
			l, err := startLab(ctx, t)
			if err != nil {
				return err
			}
			defer l.Close()
			token, err := l.sign(nil)
			if err != nil {
				return err
			}
			cs, rec, err := l.connect(ctx, token)
			if err != nil {
				got := err.Error()
				if last := rec.Last(); last != nil {
					got = last.Describe()
				}
				return grader.Failf("initialize with a valid token", "200 and an initialized session", "%s", got)
			}
			defer cs.Close()
			res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: oauthconfig.ToolCheckStock, Arguments: oauthconfig.StockArgs{ID: 1}})
			if err != nil {
				return grader.Failf(sent, want, "%v", err)
			}
			for i, r := range l.inventory.requests() {
				if strings.Contains(r.Dump, token) {
					return &grader.Failure{Sent: sent, Expected: want,
						Got: fmt.Sprintf("request %d to the inventory carried the caller's token (Authorization: %q)", i+1, r.Authorization)}
				}
				if r.Authorization != "Bearer "+l.cfg.InventoryKey {
					return grader.Failf(sent, want, "request %d to the inventory had Authorization %q, not the server's key", i+1, r.Authorization)
				}
			}
			if res.IsError || !strings.Contains(toolText(res), l.stockMark) {
				return grader.Failf(sent, want, "a result without the inventory's answer: %s", excerpt(toolText(res)))
			}
			return nil
		},
	}
}
