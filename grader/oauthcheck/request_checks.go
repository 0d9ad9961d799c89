package oauthcheck

import (
	"context"
	"net/http"
	"net/url"

	"authlab/grader"
)

// methodsCheck sends the MCP endpoint's other methods, GET (the stream of
// server messages) and DELETE (the end of a session), with no token: each
// must be refused like a POST.
func methodsCheck(t Target) grader.Check {
	want := phraseWantEachGuarded.Say(nil)
	return grader.Check{
		ID:     "every-method-guarded",
		Name:   "GET and DELETE on the MCP endpoint need a token too",
		Sends:  "GET /mcp and DELETE /mcp with no Authorization header",
		Expect: want.Text,
		Hint:   "Guard the MCP endpoint for every method: mux.Handle(\"/mcp\", protect(mcpHandler)), not \"POST /mcp\" alone.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			for _, method := range []string{http.MethodGet, http.MethodDelete} {
				req, err := http.NewRequestWithContext(ctx, method, l.cfg.Resource, nil)
				if err != nil {
					return err
				}
				req.Header.Set("Accept", "text/event-stream")
				req.Header.Set("Mcp-Session-Id", "authlab-"+method)
				ex, err := get(req)
				if err != nil {
					return err
				}
				if ex.Status != http.StatusUnauthorized || ex.WWWAuthenticate == "" {
					return grader.Fail(phraseSentMethod.Say(map[string]any{"Method": method}), want, ex.DescribePhrase())
				}
			}
			return nil
		}),
	}
}

// queryTokenCheck sends a valid token in the URL's query instead of the
// Authorization header: the MCP authorization specification forbids it,
// since URLs end up in logs and browser history.
func queryTokenCheck(t Target) grader.Check {
	sent, want := phraseSentQueryToken.Say(nil), phraseWantHeaderOnly.Say(nil)
	return grader.Check{
		ID:     "query-token-refused",
		Name:   "A token in the URL's query is not accepted",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "Read the token from the Authorization header only: the MCP authorization specification forbids tokens in the query string, which ends up in logs.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			token, err := l.sign(nil)
			if err != nil {
				return err
			}
			ex, err := l.sendTo(ctx, l.cfg.Resource+"?access_token="+url.QueryEscape(token), "")
			if err != nil {
				return err
			}
			if ex.Status != http.StatusUnauthorized || l.reached.Load() > 0 {
				return grader.Fail(sent, want, ex.DescribePhrase())
			}
			return nil
		}),
	}
}
