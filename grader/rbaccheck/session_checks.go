package rbaccheck

import (
	"context"
	"encoding/json"
	"net/http"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
)

// sessionChecks are the checks that open a session through the learner's
// server with a token that may do everything, then send other requests on
// it: a session is not a credential, and every request is judged anew.
func sessionChecks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "checked-every-request", Name: "Every request of a session is judged on its own token",
			Sends: "a session opened with a token carrying User.Read, and tools/list with it; then, on that session, tools/call, " +
				"tools/list, GET and DELETE with a token without User.Read, with a token signed with another key, and with none",
			Expect: "each of those gets the answer its own token deserves (403 insufficient_scope, 401 invalid_token, 401), and none " +
				"reaches the MCP handler, however many requests of the session got through before",
			Hint: "Decide on every request from its own Authorization header. Never remember a decision per session, connection or " +
				"client: the token may have changed, lost its permission or expired since.",
			Run: func(ctx context.Context) error {
				return onAuthorizedSession(ctx, t, func(f *tokenlab.Fixture, session string) error {
					lower := []struct {
						what grader.Phrase
						auth string
						want probe.Refusal
					}{
						{phraseWithoutUserRead.Say(nil), "Bearer " + f.With(func(c jwt.MapClaims) { c["permissions"] = []string{"Guest.Read"} }), insufficientScope},
						{phraseAnotherKey.Say(nil), "Bearer " + tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32))), tokenlab.InvalidToken},
						{phraseNoAuthHeader.Say(nil), "", probe.NoCredential},
					}
					for _, method := range []string{"tools/call", "tools/list", http.MethodGet} {
						for _, l := range lower {
							if err := expectOnSession(ctx, f, session, method, l.what, l.auth, oracle.Refused(l.want)); err != nil {
								return err
							}
						}
					}
					// The session still works for its own token: the
					// refusals above were about the requests, not the session.
					if err := expectOnSession(ctx, f, session, "tools/list", phraseOwnTokenAgain.Say(nil), "Bearer "+f.Valid(), oracle.Allowed()); err != nil {
						return err
					}
					for _, l := range lower {
						if err := expectOnSession(ctx, f, session, http.MethodDelete, l.what, l.auth, oracle.Refused(l.want)); err != nil {
							return err
						}
					}
					return nil
				})
			},
		},
		{
			ID: "session-id-not-credential", Name: "The id of an authorized session is not a credential",
			Sends: "a session opened with a token carrying User.Read; then tools/call on that session with only its Mcp-Session-Id, " +
				"with Authorization: Bearer <the session id>, and with the session id in a cookie and in the URL",
			Expect: "401 each time (error=\"invalid_token\" for the session id sent as a token), and nothing reaches the MCP handler",
			Hint: "A session id names a conversation; it proves nothing about who sends the next request, and anyone who sees one " +
				"(logs, a proxy) could replay it. Authenticate every request from its Authorization header alone.",
			Run: func(ctx context.Context) error {
				return onAuthorizedSession(ctx, t, func(f *tokenlab.Fixture, session string) error {
					return expectVariants(ctx, f, session, []variant{
						{phraseSessionIDOnly.Say(nil), func(d *oracle.Draft) {
							d.Places = nil
						}, oracle.Refused(probe.NoCredential)},
						{phraseSessionIDToken.Say(nil), func(d *oracle.Draft) {
							d.Token, d.Cred = nil, session
						}, oracle.Refused(tokenlab.InvalidToken)},
						{phraseSessionIDCookie.Say(nil), func(d *oracle.Draft) {
							d.Token, d.Cred, d.Places = nil, session, []oracle.Place{{Kind: "cookie", Name: "session"}}
						}, oracle.Refused(probe.NoCredential)},
						{phraseSessionIDQuery.Say(nil), func(d *oracle.Draft) {
							d.Token, d.Cred, d.Places = nil, session, []oracle.Place{{Kind: "query", Name: "session_id"}}
						}, oracle.Refused(probe.NoCredential)},
					})
				})
			},
		},
	}
}

// onAuthorizedSession serves t, opens a session through it with a real
// MCP client whose token carries User.Read, lists the tools with it, and
// runs then on that session.
func onAuthorizedSession(ctx context.Context, t Target, then func(f *tokenlab.Fixture, session string) error) error {
	f, err := tokenlab.Start(t.NewServer)
	if err != nil {
		return err
	}
	defer f.Lab.Close()
	header := http.Header{"Authorization": {"Bearer " + f.Valid()}}
	cs, rec, err := f.Lab.Connect(ctx, header)
	if err != nil {
		got := grader.Literal(err.Error())
		if last := rec.Last(); last != nil {
			got = last.DescribePhrase()
		}
		return f.Lab.FailSay(probe.PhraseInitializeWith.Say(map[string]any{"Credential": phraseValidUserReadWords.Say(nil)}),
			probe.PhraseInitialized.Say(nil), got)
	}
	defer cs.Close()
	if _, err := cs.ListTools(ctx, nil); err != nil {
		return f.Lab.FailSay(probe.PhraseListWith.Say(map[string]any{"Credential": phraseValidUserReadWords.Say(nil)}),
			probe.PhraseCatalogTools.Say(nil), grader.Literal(err.Error()))
	}
	return then(f, cs.ID())
}

// expectOnSession sends method (a JSON-RPC method, or GET or DELETE) on
// session with the given Authorization value ("" for none) and judges the
// answer; what describes the credential.
func expectOnSession(ctx context.Context, f *tokenlab.Fixture, session, method string, what grader.Phrase, auth string, want oracle.Expect) error {
	req := probe.RawRequest{Method: method, Path: "/mcp", Header: http.Header{"Mcp-Session-Id": {session}}}
	sent := phraseOnSession.Say(map[string]any{"Request": method + " /mcp", "What": what})
	switch method {
	case http.MethodGet, http.MethodDelete:
	case "tools/call":
		req.Method = http.MethodPost
		req.Body = rpcBody(method, map[string]any{"name": catalog.ToolCreateProduct, "arguments": map[string]any{"name": "forged", "price": 1}})
		sent = phraseOnSession.Say(map[string]any{"Request": "tools/call create_product", "What": what})
	default:
		req.Method = http.MethodPost
		req.Body = rpcBody(method, map[string]any{})
		sent = phraseOnSession.Say(map[string]any{"Request": method, "What": what})
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	ex, eff, err := f.Lab.Do(ctx, req)
	if err != nil {
		return f.Lab.FailSay(sent, want.Phrase(), grader.Literal(err.Error()))
	}
	if dis := want.Judge(ex, eff, probe.Credential(auth)); dis != nil {
		got := dis.GotPhrases
		if late := f.Lab.LateHeaders(ex.Tag); len(late) > 0 {
			got = append(got, probe.LateHeadersPhrase(late))
		}
		return f.Lab.FailSay(sent, *dis.ExpectedPhrase, got...)
	}
	return nil
}

// rpcBody encodes a JSON-RPC request.
func rpcBody(method string, params any) []byte {
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "method": method, "params": params})
	return b
}
