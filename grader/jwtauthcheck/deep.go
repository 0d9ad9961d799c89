package jwtauthcheck

import (
	"authlab/grader"
	"context"
	"time"

	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
)

// callers are the stage's concurrent callers: two users with valid tokens,
// two invalid tokens and none, each wanting its own answer.
var callers = []tokenlab.Caller{
	{Name: "a caller with a valid token", Tool: catalog.ToolListProducts, Want: oracle.Allowed(),
		Mint: func(f *tokenlab.Fixture) string { return f.Valid() }},
	{Name: "a caller with a valid token for another user", Tool: catalog.ToolListProducts, Want: oracle.Allowed(),
		Mint: func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) {
				c["sub"], c["name"], c["permissions"] = "other-"+probe.Random(4), "Other "+probe.Random(3), []string{"Admin.Write"}
			})
		}},
	{Name: "a caller with a token signed with another key", Tool: catalog.ToolCreateProduct, Want: oracle.Refused(tokenlab.InvalidToken),
		Mint: func(f *tokenlab.Fixture) string { return f.Forged() }},
	{Name: "a caller with a token that expired an hour ago", Tool: catalog.ToolCreateProduct, Want: oracle.Refused(tokenlab.InvalidToken),
		Mint: func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["exp"] = c["iat"].(int64) - 3600 })
		}},
	{Name: "a caller with no token", Tool: catalog.ToolCreateProduct, Want: oracle.Refused(probe.NoCredential),
		Mint: func(*tokenlab.Fixture) string { return "" }},
}

// sideBySideLogins logs in on each of two servers alive at once: each
// must issue tokens for its own configuration only.
func sideBySideLogins(ctx context.Context, a, b *tokenlab.Fixture) error {
	for _, s := range []struct {
		name       grader.Phrase
		self, peer *tokenlab.Fixture
	}{{phraseServerNamed.Say(map[string]any{"Name": "A"}), a, b}, {phraseServerNamed.Say(map[string]any{"Name": "B"}), b, a}} {
		sent := phraseLoginTo.Say(map[string]any{"Server": s.name})
		ans, err := postLogin(ctx, s.self, s.self.Account.User.Username, s.self.Account.Password)
		if err != nil {
			return s.self.Lab.FailSay(sent, phraseAToken.Say(nil), grader.Literal(err.Error()))
		}
		tok := ans.accessToken()
		if tok == "" {
			return s.self.Lab.FailSay(sent, phrase200Token.Say(nil), ans.describe())
		}
		if j := tokenlab.Judge(s.self.Cfg, tok, time.Now()); j.Validity == tokenlab.Invalid {
			why := j.Why
			if tokenlab.Judge(s.peer.Cfg, tok, time.Now()).Validity != tokenlab.Invalid {
				why = phraseOtherConfig.Say(nil)
			}
			return s.self.Lab.FailSay(sent, phraseTokenForOwn.Say(map[string]any{"Server": s.name}), phraseMustRefuse.Say(map[string]any{"Server": s.name, "Why": why}))
		}
	}
	return nil
}
