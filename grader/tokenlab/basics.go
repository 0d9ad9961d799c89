package tokenlab

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/internal/catalog"
	"authlab/internal/jwtconfig"

	"github.com/golang-jwt/jwt/v5"
)

// The basics every token stage carries forward from stage 1: how the
// Authorization header is read, what the server takes for a credential,
// and what it needs to start.

// StartWith serves the catalog behind newServer with a fresh configuration
// changed by edit; described says what the change was, for a failure.
func StartWith(newServer NewServerFunc, edit func(*jwtconfig.Config), described string, opts ...probe.Option) (*Fixture, error) {
	acct, err := TheAccount()
	if err != nil {
		return nil, err
	}
	f := &Fixture{Cfg: NewConfig(acct), Account: acct}
	edit(&f.Cfg)
	f.Lab, err = probe.Start(func(next http.Handler) (http.Handler, error) { return newServer(f.Cfg, next) }, opts...)
	if err != nil {
		return nil, grader.Fail(phraseNewServerWith.Say(map[string]any{"What": described}), probe.PhraseHandlerNoError.Say(nil),
			probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
	}
	return f, nil
}

// Forged returns a token with valid claims signed with another key. Its
// own jti sets its claims apart from every valid token's.
func (f *Fixture) Forged() string {
	c := f.Claims()
	c["jti"] = probe.Random(9)
	return Sign(jwt.SigningMethodHS256, c, []byte(probe.Random(32)))
}

// schemeCheck demands that a valid token written with each prefix opens a
// working session, and that a forged one written the same way is refused
// as an invalid token: the prefix is read as the Bearer scheme.
func schemeCheck(newServer NewServerFunc, id, name, hint string, prefixes ...string) grader.Check {
	var written []string
	for _, p := range prefixes {
		written = append(written, fmt.Sprintf("%q + <a valid token>", p))
	}
	return grader.Check{
		ID: id, Name: name, Hint: hint,
		Sends: "a real MCP client with Authorization: " + strings.Join(written, ", then ") +
			"; then a tools/call with a token signed with another key, written each way",
		Expect: "every session works; the forged token is 401 with WWW-Authenticate: Bearer error=\"invalid_token\"",
		Run: func(ctx context.Context) error {
			f, err := Start(newServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			for _, p := range prefixes {
				if err := f.Lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {p + f.Valid()}}, phraseWithValid.Say(map[string]any{"Prefix": strconv.Quote(p)})); err != nil {
					return err
				}
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			for _, p := range prefixes {
				sent := phraseCallWithForged.Say(map[string]any{"Prefix": strconv.Quote(p)})
				if err := f.Lab.ExpectRefused(ctx, session, sent, map[string]string{"Authorization": p + f.Forged()}, InvalidToken); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// SchemeCaseCheck demands that the scheme is read in any case (RFC 9110
// §11.1: auth schemes are case-insensitive).
func SchemeCaseCheck(newServer NewServerFunc) grader.Check {
	return schemeCheck(newServer, "scheme-any-case", "The scheme name is case-insensitive (bearer, BEARER)",
		"Split the header at the first space and compare the scheme with strings.EqualFold(scheme, \"Bearer\").",
		"bearer ", "BEARER ")
}

// SchemeSpacesCheck demands that one or more spaces after the scheme are
// accepted (RFC 6750 §2.1: "Bearer" 1*SP b64token).
func SchemeSpacesCheck(newServer NewServerFunc) grader.Check {
	return schemeCheck(newServer, "scheme-extra-spaces", "One or more spaces may follow Bearer",
		"Cut the header at the first space, then strings.TrimLeft(rest, \" \"): RFC 6750 allows one or more spaces after the scheme. "+
			"strings.Split(h, \" \")[1] finds an empty token when there are two.",
		"Bearer  ", "Bearer   ")
}

// malformedCheck demands that a valid token written without the Bearer
// scheme is refused as carrying no bearer token.
func malformedCheck(newServer NewServerFunc, id, name, hint, written string, value func(token string) string) grader.Check {
	return grader.Check{
		ID: id, Name: name, Hint: hint,
		Sends:  "tools/call create_product with Authorization: " + written,
		Expect: "401 with a Bearer challenge (no error code, or invalid_token), or 400; the request stops in your middleware",
		Run: func(ctx context.Context) error {
			f, err := Start(newServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			auth := value(f.Valid())
			req := ToolCallRequest(session, catalog.ToolCreateProduct, map[string]string{"Authorization": auth})
			return ExpectAnswer(ctx, f.Lab, phraseCallWith.Say(map[string]any{"What": "Authorization: " + written}), req, Malformed, probe.Credential(auth))
		},
	}
}

// WrongSchemeCheck demands that a valid token under the Basic scheme is
// refused.
func WrongSchemeCheck(newServer NewServerFunc) grader.Check {
	return malformedCheck(newServer, "basic-scheme-401", "A valid token under the Basic scheme is refused",
		"Only the Bearer scheme carries a token: split the header at the first space and check the scheme with strings.EqualFold "+
			"before you look at the token. strings.Fields(h)[1] or h[7:] reads a token under any scheme.",
		"Basic <a valid token>", func(tok string) string { return "Basic " + tok })
}

// BareTokenCheck demands that a valid token with no scheme is refused.
func BareTokenCheck(newServer NewServerFunc) grader.Check {
	return malformedCheck(newServer, "bare-token-401", "A valid token with no scheme is refused",
		"The header must read \"Bearer <token>\". strings.TrimPrefix(h, \"Bearer \") leaves a bare token as it is: use strings.Cut "+
			"and demand the scheme.",
		"<a valid token> (no scheme)", func(tok string) string { return tok })
}

// SessionNotCredentialCheck demands that an MCP session opened with a valid
// token does not let later requests on it through without one: the
// Mcp-Session-Id is a routing handle, not a credential.
func SessionNotCredentialCheck(newServer NewServerFunc) grader.Check {
	return grader.Check{
		ID: "session-id-not-a-credential", Name: "A session opened with a valid token still needs a token on every request",
		Sends: "initialize with a valid token, then tools/call create_product on that session (its Mcp-Session-Id) with no " +
			"Authorization header, then with a token signed with another key",
		Expect: "401 with WWW-Authenticate: Bearer, then 401 with error=\"invalid_token\"; the tool never runs",
		Hint: "Check the token on every request, whatever session it names. The Mcp-Session-Id travels in the clear and " +
			"proves nothing (the MCP spec: servers must not use sessions for authentication).",
		Run: func(ctx context.Context) error {
			f, err := Start(newServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			cs, _, err := f.Lab.Connect(ctx, http.Header{"Authorization": {"Bearer " + f.Valid()}})
			if err != nil {
				return f.Lab.FailSay(phraseInitValid.Say(nil), phraseInitialized.Say(nil), grader.Literal(err.Error()))
			}
			defer cs.Close()
			if err := f.Lab.ExpectRefused(ctx, cs.ID(), phraseSessionNoAuth.Say(nil),
				nil, probe.NoCredential); err != nil {
				return err
			}
			return f.Lab.ExpectRefused(ctx, cs.ID(), phraseSessionForged.Say(nil),
				map[string]string{"Authorization": "Bearer " + f.Forged()}, InvalidToken)
		},
	}
}

// MinKeyCheck demands that a key of exactly jwtconfig.MinKeyLen bytes is
// accepted, and used: a token signed with it works, a forged one does not.
func MinKeyCheck(newServer NewServerFunc) grader.Check {
	return grader.Check{
		ID: "min-key-accepted", Name: "A signing key of exactly 32 bytes is accepted",
		Sends:  "NewServer with a random key of exactly 32 bytes; then a session with a token signed with it, and a tools/call with a forged one",
		Expect: "a handler and no error; the session works and the forged token is 401 invalid_token",
		Hint:   "RFC 7518 §3.2 asks for at least 32 bytes: refuse len(cfg.SigningKey) < jwtconfig.MinKeyLen, not <=.",
		Run: func(ctx context.Context) error {
			f, err := StartWith(newServer, func(c *jwtconfig.Config) { c.SigningKey = []byte(probe.Random(24)) },
				"a random signing key of exactly 32 bytes, jwtconfig.MinKeyLen")
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			if err := f.Lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {"Bearer " + f.Valid()}}, phraseMinKeyToken.Say(nil)); err != nil {
				return err
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			return f.Lab.ExpectRefused(ctx, session, phraseMinKeyForged.Say(nil),
				map[string]string{"Authorization": "Bearer " + f.Forged()}, InvalidToken)
		},
	}
}

// NilStoreCheck demands that a configuration without a user store makes
// the server refuse to start.
func NilStoreCheck(newServer NewServerFunc) grader.Check {
	return grader.Check{
		ID: "nil-store-refused", Name: "A missing user store makes the server refuse to start",
		Sends:  "NewServer with a valid key, issuer and audience, and cfg.Users nil",
		Expect: "an error, and no handler",
		Hint:   "Check cfg.Users != nil in NewServer, next to the key, and return an error: a server that starts without users panics at the first login.",
		Run: func(ctx context.Context) error {
			acct, err := TheAccount()
			if err != nil {
				return err
			}
			cfg := NewConfig(acct)
			cfg.Users = nil
			sent := phraseNilStore.Say(nil)
			h, err := newServer(cfg, http.NotFoundHandler())
			switch {
			case err == nil:
				return grader.Fail(sent, probe.PhraseAnError.Say(nil), phraseNoErrorLogin.Say(nil))
			case h != nil:
				return grader.Fail(sent, probe.PhraseErrorNoHandler.Say(nil), probe.PhraseErrorAndHandler.Say(nil))
			}
			return nil
		},
	}
}

// ToolCallRequest is a tools/call of tool on session, with headers.
func ToolCallRequest(session, tool string, headers map[string]string) probe.RawRequest {
	args := map[string]any{}
	if tool == catalog.ToolCreateProduct {
		args = map[string]any{"name": "forged", "price": 1}
	}
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":%q,"arguments":%s}}`, tool, jsonText(args))
	h := http.Header{"Mcp-Session-Id": {session}}
	for k, v := range headers {
		h.Set(k, v)
	}
	return probe.RawRequest{Method: http.MethodPost, Path: "/mcp", Header: h, Body: []byte(body)}
}

// ExpectAnswer sends req and judges what came back, and what it did, with
// want; sent describes it to the learner. It returns nil or a
// *grader.Failure.
func ExpectAnswer(ctx context.Context, lab *probe.Lab, sent grader.Phrase, req probe.RawRequest, want oracle.Expect, credential string) error {
	expected := want.Phrase()
	ex, eff, err := lab.Do(ctx, req)
	if err != nil {
		return lab.FailSay(sent, expected, grader.Literal(err.Error()))
	}
	dis := want.Judge(ex, eff, credential)
	if dis == nil {
		return nil
	}
	got := dis.GotPhrases
	if late := lab.LateHeaders(ex.Tag); len(late) > 0 {
		got = append(got, probe.LateHeadersPhrase(late))
	}
	f := lab.FailSay(sent, *dis.ExpectedPhrase, got...)
	if body := ex.BodyExcerpt(); body != "" {
		f.Detail = body + "\n" + f.Detail
	}
	return f
}
