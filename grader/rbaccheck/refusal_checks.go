package rbaccheck

import (
	"net/http"

	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

// insufficientScope is the answer to a valid token without the permission.
var insufficientScope = probe.Refusal{Status: http.StatusForbidden, Challenge: true, Error: "insufficient_scope", Scope: Permission}

// unknownUser is the answer to a valid token whose user does not exist: the
// token is as good as revoked, so it is invalid_token (RFC 6750 §3.1), and
// the client should log in again rather than give up. An error_description
// such as "unknown user" is welcome but not required.
var unknownUser = tokenlab.InvalidToken

// withPermissions makes the Authorization value of a valid token whose
// permissions claim is p.
func withPermissions(p any) func(f *tokenlab.Fixture) string {
	return tokenlab.Bearer(func(f *tokenlab.Fixture) string {
		return f.With(func(c jwt.MapClaims) { c["permissions"] = p })
	})
}

var refusals = []probe.RefusalCheck[*tokenlab.Fixture]{
	{
		ID: "missing-token-401", Name: "No token is still answered 401", Want: probe.NoCredential,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseNoAuthHeader.Say(nil)}},
		Hint:     "Authentication comes first: no token is 401 with WWW-Authenticate: Bearer, as in stage 2.",
	},
	{
		ID: "invalid-token-401", Name: "An invalid token is still answered 401 invalid_token", Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken2.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32)))
		})}},
		Hint: "Keep stage 2's validation in front: a token that fails ParseWithClaims is 401 invalid_token.",
	},
	{
		ID: "invalid-without-permission-401", Name: "An invalid token that also lacks the permission is 401, not 403",
		Want: tokenlab.InvalidToken,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{
			{Sent: phraseToken3.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
				c := f.Claims()
				c["permissions"] = []string{"Guest.Read"}
				return tokenlab.Sign(jwt.SigningMethodHS256, c, []byte(probe.Random(32)))
			})},
			{Sent: phraseToken4.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
				return f.With(func(c jwt.MapClaims) {
					c["permissions"] = []string{"Guest.Read"}
					c["exp"] = c["iat"].(int64) - 600
					c["iat"] = c["iat"].(int64) - 1200
				})
			})},
		},
		Hint: "Validate the token before you look at its permissions: claims of a token that does not verify mean nothing, and the client must be told to get a new token (401), not that it is forbidden (403).",
	},
	{
		ID: "no-permission-403", Name: "A valid token without User.Read is answered 403 insufficient_scope", Want: insufficientScope,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{
			{Sent: phraseToken5.Say(nil), Authorization: withPermissions([]string{"Guest.Read"})},
			{Sent: phraseToken6.Say(nil), Authorization: withPermissions([]string{})},
		},
		Hint: `A valid token without the permission: 403 with WWW-Authenticate: Bearer error="insufficient_scope", scope="User.Read" (RFC 6750 §3.1), and return.`,
	},
	{
		ID: "near-miss-permission-403", Name: "Near misses of User.Read are answered 403", Want: insufficientScope,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{
			{Sent: phraseToken7.Say(nil), Authorization: withPermissions([]string{"user.read"})},
			{Sent: phraseToken8.Say(nil), Authorization: withPermissions([]string{"User.ReadWrite"})},
			{Sent: phraseToken9.Say(nil), Authorization: withPermissions([]string{"User.Read "})},
			{Sent: phraseToken10.Say(nil), Authorization: withPermissions([]string{"Admin.User.Read"})},
		},
		Hint: "Compare each permission exactly (slices.Contains): no strings.EqualFold, no strings.Contains or HasPrefix, no trimming.",
	},
	{
		ID: "odd-claims-403", Name: "A permissions claim of the wrong type is answered 403, never 5xx", Want: insufficientScope,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{
			{Sent: phraseToken11.Say(nil), Authorization: withPermissions("User.Read")},
			{Sent: phraseToken12.Say(nil), Authorization: withPermissions(1)},
			{Sent: phraseToken13.Say(nil), Authorization: withPermissions(map[string]bool{"User.Read": true})},
			// A mixed list grants nothing, not even the permission it names:
			// picking out the strings would let this one in.
			{Sent: phraseToken14.Say(nil), Authorization: withPermissions([]any{1, Permission})},
			{Sent: phraseToken15.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
				return f.With(func(c jwt.MapClaims) { delete(c, "permissions") })
			})},
		},
		Hint: "The token is authentic, so its holder gets 403, not 401 and never 500: read the claim leniently (anything but a list of strings grants nothing), e.g. with a type whose UnmarshalJSON never fails.",
	},
	{
		ID: "unknown-user-401", Name: "A valid token for a user who does not exist is answered 401 invalid_token", Want: unknownUser,
		Requests: []probe.RefusedRequest[*tokenlab.Fixture]{{Sent: phraseToken16.Say(nil), Authorization: tokenlab.Bearer(func(f *tokenlab.Fixture) string {
			return f.With(func(c jwt.MapClaims) { c["sub"] = "deleted-" + probe.Random(6) })
		})}},
		Hint: "After validating the token, look its subject up: cfg.Users.Lookup(claims.Subject). A user who was removed must lose access even with an unexpired token: " +
			"answer 401 with WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"unknown user\", as for a revoked token, and return.",
	},
}
