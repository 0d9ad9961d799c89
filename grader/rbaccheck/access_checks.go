package rbaccheck

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
)

// Hints of with-permission-works, one per cause a diagnosis can find.
const (
	hintGranted  = "When the token is valid, the user exists and the permission is there, call next.ServeHTTP and write nothing yourself."
	hintNoLookup = "Look the token's user up in the store you were given: cfg.Users.Lookup(claims.Subject). A store of your own, or none, " +
		"knows nobody."
	hintWrongKey = "Look the user up by the token's sub, exactly as it is: cfg.Users.Lookup(claims.Subject). The store is keyed by user " +
		"name; the name claim is a display name, which changes and need not be unique."
	hintPermission = "Look for the permission in the whole list, comparing each element exactly: slices.Contains(claims.Permissions, perm). " +
		"A token may carry several permissions, in any order."
	hintParsed = "Your code refused a token that verifies. Keep stage 2's validation as it is (split the header at the first space, " +
		"skip further spaces) and make sure decoding the claims cannot fail on a valid token: a list of permissions must decode."
	hintSDK401 = "That 401 with no challenge is go-sdk's auth.RequireBearerToken refusing the TokenInfo you built: set Expiration to " +
		"claims.ExpiresAt.Time and pass &auth.RequireBearerTokenOptions{ClockSkew: …} so it never refuses what your validation accepted."
)

func accessCheck(t Target) grader.Check {
	return grader.Check{
		ID: "with-permission-works", Name: "A valid token with User.Read for an existing user works",
		Sends:  "a real MCP client with a valid token carrying Guest.Read and User.Read for a user in the store",
		Expect: "every request succeeds and list_products really runs",
		Hint:   hintGranted,
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			tok := f.With(func(c jwt.MapClaims) { c["permissions"] = []string{"Guest.Read", Permission} })
			err = f.Lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {"Bearer " + tok}}, phraseValidUserRead.Say(nil))
			var failure *grader.Failure
			if errors.As(err, &failure) {
				diagnose(ctx, f, tok, failure)
			}
			return err
		},
	}
}

// diagnose finds out why the learner's server refused a token it should
// have let through, by sending it once more while watching the user store,
// and says so in failure's Got and Hint: the user never looked up, looked
// up under another name, found and the permission refused, or the token
// refused as invalid.
func diagnose(ctx context.Context, f *tokenlab.Fixture, tok string, failure *grader.Failure) {
	session, closeSession, err := f.Lab.DirectSession(ctx)
	if err != nil {
		return
	}
	defer closeSession()
	watch := f.Account.Store.WatchLookups()
	ex, err := f.Lab.Send(ctx, probe.ToolCall(catalog.ToolListProducts, map[string]any{}),
		map[string]string{"Authorization": "Bearer " + tok, "Mcp-Session-Id": session})
	watch.Stop()
	if err != nil {
		return
	}
	cause, hint := cause(f, ex, watch.Names())
	if cause != "" {
		failure.Got += "; " + cause
		failure.Hint = hint
	}
}

// cause says why the server answered ex to the run's user's valid token
// with Guest.Read and User.Read, having looked up names meanwhile.
func cause(f *tokenlab.Fixture, ex *probe.Exchange, names []string) (cause, hint string) {
	u := f.Account.User
	switch {
	case ex.Status == http.StatusUnauthorized && ex.WWWAuthenticate == "":
		body := strings.TrimSpace(ex.Body)
		if len(body) > 60 {
			body = body[:60] + "…"
		}
		return fmt.Sprintf("a 401 with no challenge (the body says %q)", body), hintSDK401
	case ex.Status == http.StatusUnauthorized:
		c, err := probe.ParseChallenge(ex.WWWAuthenticate)
		switch {
		case err != nil || c.Params["error"] != "invalid_token":
			return "your code answered as if no token had been sent: it did not find the token in Authorization: Bearer <token>", hintParsed
		case len(names) > 0 && !slices.Contains(names, u.Username):
			return fmt.Sprintf("your code looked up %s in cfg.Users, not the token's sub %q, and answered as for an unknown user",
				lookedUp(names, u.Username, u.Name), u.Username), hintWrongKey
		case len(names) == 0 && strings.Contains(strings.ToLower(c.Params["error_description"]), "user"):
			return "your code never looked the user up in cfg.Users, and answered as for an unknown user", hintNoLookup
		}
		return "your code refused the token as invalid, though it verifies with the key, issuer and audience you were given", hintParsed
	case ex.Status != http.StatusForbidden:
		return "", ""
	case len(names) == 0:
		return "your code never looked the user up in cfg.Users", hintNoLookup
	case !slices.Contains(names, u.Username):
		return fmt.Sprintf("your code looked up %s in cfg.Users, not the token's sub %q", lookedUp(names, u.Username, u.Name), u.Username), hintWrongKey
	}
	return fmt.Sprintf("your code found user %q in cfg.Users, then refused the permission: the token's permissions are [Guest.Read, User.Read]", u.Username), hintPermission
}

// lookedUp describes the names a server looked up instead of the sub.
func lookedUp(names []string, sub, displayName string) string {
	var parts []string
	for _, n := range slices.Compact(slices.Clone(names)) {
		switch {
		case n == displayName:
			parts = append(parts, fmt.Sprintf("%q (the token's name claim)", n))
		case n == "":
			parts = append(parts, `"" (an empty sub: was the claim decoded?)`)
		case strings.EqualFold(n, sub):
			parts = append(parts, fmt.Sprintf("%q (the sub with its case changed)", n))
		default:
			parts = append(parts, fmt.Sprintf("%q", n))
		}
	}
	return strings.Join(parts, ", ")
}

func identityCheck(t Target) grader.Check {
	return grader.Check{
		ID: "identity-reaches-tools", Name: "The verified identity and permissions reach the MCP tool handlers",
		Sends:  "tools/call list_products with a valid token and an X-User header naming someone else, reading req.Extra.TokenInfo inside the tool handler",
		Expect: "TokenInfo.UserID is the token's sub and TokenInfo.Scopes its permissions, in any order",
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
			if err := f.Lab.ExpectWorkingSession(ctx, header, phraseValidXUser.Say(nil)); err != nil {
				return err
			}
			sent := "tools/call list_products with a valid token and X-User: " + header.Get("X-User")
			want := fmt.Sprintf("TokenInfo{UserID: %q, Scopes: %v} (the scopes in any order)", f.Account.User.Username, perms)
			ids := f.Lab.Identities()
			if len(ids) == 0 || !ids[len(ids)-1].Known {
				return grader.Failf(sent, want, "no TokenInfo: the tool handler cannot tell who called it")
			}
			id := ids[len(ids)-1]
			if id.UserID != f.Account.User.Username || !probe.SameSet(id.Scopes, perms) {
				return grader.Failf(sent, want, "TokenInfo{UserID: %q, Scopes: %v}", id.UserID, id.Scopes)
			}
			return nil
		},
	}
}
