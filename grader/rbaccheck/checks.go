// Package rbaccheck holds the checks of stage 3, rbac: a valid token is not
// enough, its user must exist and it must carry the User.Read permission
// (else 403 insufficient_scope), an invalid token stays 401 whatever it
// claims, and the verified identity reaches the MCP handlers.
package rbaccheck

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

// Permission is what the stage's server demands.
const Permission = "User.Read"

// Target is the stage-3 code under test, as the learner's package exports it.
type Target struct {
	// NewServer returns the handler serving /mcp to callers with a valid
	// token, an existing user and the User.Read permission.
	NewServer tokenlab.NewServerFunc
}

// insufficientScope is the answer to a valid token without the permission.
var insufficientScope = probe.Refusal{Status: http.StatusForbidden, Challenge: true, Error: "insufficient_scope", Scope: Permission}

// unknownUser is the answer to a valid token whose user does not exist.
var unknownUser = probe.Refusal{Status: http.StatusForbidden}

func withPermissions(p any) func(f *tokenlab.Fixture) string {
	return func(f *tokenlab.Fixture) string {
		return f.With(func(c jwt.MapClaims) { c["permissions"] = p })
	}
}

var refusals = []tokenlab.RefusalCheck{
	{
		ID: "missing-token-401", Name: "No token is still answered 401", Want: tokenlab.NoToken,
		Tokens: []tokenlab.Token{{Sent: "no Authorization header", Mint: func(*tokenlab.Fixture) string { return "" }}},
		Hint:   "Authentication comes first: no token is 401 with WWW-Authenticate: Bearer, as in stage 2.",
	},
	{
		ID: "invalid-token-401", Name: "An invalid token is still answered 401 invalid_token", Want: tokenlab.InvalidToken,
		Tokens: []tokenlab.Token{{Sent: "a token with User.Read signed with another key", Mint: func(f *tokenlab.Fixture) string {
			return tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32)))
		}}},
		Hint: "Keep stage 2's validation in front: a token that fails ParseWithClaims is 401 invalid_token.",
	},
	{
		ID: "invalid-without-permission-401", Name: "An invalid token that also lacks the permission is 401, not 403",
		Want: tokenlab.InvalidToken,
		Tokens: []tokenlab.Token{
			{Sent: "a token without User.Read signed with another key", Mint: func(f *tokenlab.Fixture) string {
				c := f.Claims()
				c["permissions"] = []string{"Guest.Read"}
				return tokenlab.Sign(jwt.SigningMethodHS256, c, []byte(probe.Random(32)))
			}},
			{Sent: "an expired token without User.Read", Mint: func(f *tokenlab.Fixture) string {
				return f.With(func(c jwt.MapClaims) {
					c["permissions"] = []string{"Guest.Read"}
					c["exp"] = c["iat"].(int64) - 600
					c["iat"] = c["iat"].(int64) - 1200
				})
			}},
		},
		Hint: "Validate the token before you look at its permissions: claims of a token that does not verify mean nothing, and the client must be told to get a new token (401), not that it is forbidden (403).",
	},
	{
		ID: "no-permission-403", Name: "A valid token without User.Read is answered 403 insufficient_scope", Want: insufficientScope,
		Tokens: []tokenlab.Token{
			{Sent: `a valid token with permissions ["Guest.Read"]`, Mint: withPermissions([]string{"Guest.Read"})},
			{Sent: `a valid token with permissions []`, Mint: withPermissions([]string{})},
		},
		Hint: `A valid token without the permission: 403 with WWW-Authenticate: Bearer error="insufficient_scope", scope="User.Read" (RFC 6750 §3.1), and return.`,
	},
	{
		ID: "near-miss-permission-403", Name: "Near misses of User.Read are answered 403", Want: insufficientScope,
		Tokens: []tokenlab.Token{
			{Sent: `a valid token with permissions ["user.read"]`, Mint: withPermissions([]string{"user.read"})},
			{Sent: `a valid token with permissions ["User.ReadWrite"]`, Mint: withPermissions([]string{"User.ReadWrite"})},
			{Sent: `a valid token with permissions ["User.Read "]`, Mint: withPermissions([]string{"User.Read "})},
			{Sent: `a valid token with permissions ["Admin.User.Read"]`, Mint: withPermissions([]string{"Admin.User.Read"})},
		},
		Hint: "Compare each permission exactly (slices.Contains): no strings.EqualFold, no strings.Contains or HasPrefix, no trimming.",
	},
	{
		ID: "odd-claims-403", Name: "A permissions claim of the wrong type is answered 403, never 5xx", Want: insufficientScope,
		Tokens: []tokenlab.Token{
			{Sent: `a valid token with "permissions": "User.Read" (a string, not a list)`, Mint: withPermissions("User.Read")},
			{Sent: `a valid token with "permissions": 1`, Mint: withPermissions(1)},
			{Sent: `a valid token with "permissions": {"User.Read": true}`, Mint: withPermissions(map[string]bool{"User.Read": true})},
			// A mixed list grants nothing, not even the permission it names:
			// picking out the strings would let this one in.
			{Sent: `a valid token with "permissions": [1, "User.Read"]`, Mint: withPermissions([]any{1, Permission})},
			{Sent: `a valid token with no permissions claim`, Mint: func(f *tokenlab.Fixture) string {
				return f.With(func(c jwt.MapClaims) { delete(c, "permissions") })
			}},
		},
		Hint: "The token is authentic, so its holder gets 403, not 401 and never 500: read the claim leniently (anything but a list of strings grants nothing), e.g. with a type whose UnmarshalJSON never fails.",
	},
	{
		ID: "unknown-user-403", Name: "A valid token for a user who does not exist is answered 403", Want: unknownUser,
		Tokens: []tokenlab.Token{{Sent: "a valid token with User.Read whose sub is not in the user store", Mint: func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["sub"] = "deleted-" + probe.Random(6) })
		}}},
		Hint: "After validating the token, look its subject up: cfg.Users.Lookup(claims.Subject). A user who was removed must lose access even with an unexpired token.",
	},
}

// ID is the stage's id in the course manifest.
const ID = "rbac"

// Stage returns stage 3, rbac, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Demo: demo(t)}
}

// Checks returns stage 3's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	var checks []grader.Check
	for _, r := range refusals {
		checks = append(checks, r.Check(t.NewServer))
	}
	return append(checks, tokenlab.MethodsCheck(t.NewServer), accessCheck(t), identityCheck(t), probe.LoopbackOnlyCheck(), tokenlab.WeakKeyCheck(t.NewServer))
}

func accessCheck(t Target) grader.Check {
	return grader.Check{
		ID: "with-permission-works", Name: "A valid token with User.Read for an existing user works",
		Sends:  "a real MCP client with a valid token carrying User.Read (and Guest.Read) for a user in the store",
		Expect: "every request succeeds and list_products really runs",
		Hint:   "When the token is valid, the user exists and the permission is there, call next.ServeHTTP and write nothing yourself.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			tok := f.With(func(c jwt.MapClaims) { c["permissions"] = []string{"Guest.Read", Permission} })
			return f.Lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {"Bearer " + tok}}, "Authorization: Bearer <a valid token with User.Read>")
		},
	}
}

func identityCheck(t Target) grader.Check {
	return grader.Check{
		ID: "identity-reaches-tools", Name: "The verified identity and permissions reach the MCP tool handlers",
		Sends:  "tools/call list_products with a valid token and an X-User header naming someone else, reading req.Extra.TokenInfo inside the tool handler",
		Expect: "TokenInfo.UserID is the token's sub and TokenInfo.Scopes its permissions",
		Hint:   "Hand the verified claims on as an auth.TokenInfo{UserID: sub, Scopes: permissions, Expiration: exp}: the go-sdk shows it to handlers as req.Extra.TokenInfo, and reads it from the context where auth.RequireBearerToken puts it. Take the identity from the verified token only, never from a header such as X-User.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			perms := []string{Permission, "Extra." + probe.Random(4)}
			tok := f.With(func(c jwt.MapClaims) { c["permissions"] = perms })
			// The caller writes headers: one naming another user must not
			// change who the tools think is calling.
			header := http.Header{"Authorization": {"Bearer " + tok}, "X-User": {"admin-" + probe.Random(4)}}
			if err := f.Lab.ExpectWorkingSession(ctx, header, "Authorization: Bearer <a valid token> and X-User: <another user>"); err != nil {
				return err
			}
			sent := "tools/call list_products with a valid token and X-User: " + header.Get("X-User")
			want := fmt.Sprintf("TokenInfo{UserID: %q, Scopes: %v}", f.Account.User.Username, perms)
			ids := f.Lab.Identities()
			if len(ids) == 0 || !ids[len(ids)-1].Known {
				return grader.Failf(sent, want, "no TokenInfo: the tool handler cannot tell who called it")
			}
			id := ids[len(ids)-1]
			if id.UserID != f.Account.User.Username || !slices.Equal(id.Scopes, perms) {
				return grader.Failf(sent, want, "TokenInfo{UserID: %q, Scopes: %v}", id.UserID, id.Scopes)
			}
			return nil
		},
	}
}
