package tokenlab

import (
	"net/http"
	"time"

	"authlab/grader/oracle"
	"authlab/grader/probe"
)

// Malformed is the answer to an Authorization value that is not a bearer
// token at all: 401 with a challenge (with or without invalid_token), or
// 400 invalid_request (RFC 6750 §3.1).
var Malformed = oracle.Refused(probe.NoCredential).Or(oracle.Refused(InvalidToken)).Or(oracle.Refused(probe.Refusal{Status: http.StatusBadRequest}))

// Model returns a token stage's reference model for the fixture: no
// credential is probe.NoCredential; a value that is not "Bearer <token>" is
// Malformed; a token Judge refuses is InvalidToken; a valid one is what
// onValid says of its claims, and one the standards leave open is that or
// InvalidToken. Requests off the /mcp route are loosened by OffRoute.
func (f *Fixture) Model(onValid func(claims map[string]any) oracle.Expect) oracle.Model {
	decideToken := func(raw string) oracle.Expect {
		j := Judge(f.Cfg, raw, time.Now())
		switch j.Validity {
		case Valid:
			return onValid(j.Claims)
		case Either:
			return onValid(j.Claims).Or(oracle.Refused(InvalidToken))
		}
		return oracle.Refused(InvalidToken)
	}
	return func(view probe.RawRequest) oracle.Expect {
		e := oracle.OnlyFirst(view, func(v string) oracle.Expect {
			if v == "" {
				return oracle.Refused(probe.NoCredential)
			}
			cred, strict, lenient := oracle.BearerCredential(v)
			switch {
			case strict:
				return decideToken(cred)
			case lenient != "":
				// Not RFC 6750's grammar (a tab after the scheme): judged
				// as a token by tolerant parsers, refused by strict ones.
				return decideToken(lenient).Or(Malformed)
			}
			return Malformed
		})
		return oracle.OffRoute(view, e)
	}
}

// Draft returns the draft of a valid tools/call create_product on session,
// carrying the fixture's token, to explore from.
func (f *Fixture) Draft(session string) *oracle.Draft {
	return &oracle.Draft{
		Method: http.MethodPost, Path: "/mcp",
		Header: http.Header{"Mcp-Session-Id": {session}},
		Body: map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
			"params": map[string]any{"name": "create_product", "arguments": map[string]any{"name": "variant", "price": 1}}},
		Token: f.Base(), Scheme: "Bearer", Sep: " ",
		Places: []oracle.Place{oracle.Authorization},
		Labels: map[string]string{string(f.Cfg.SigningKey): "the signing key", f.Account.Password: "the password"},
	}
}
