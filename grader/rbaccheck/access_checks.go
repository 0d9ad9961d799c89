package rbaccheck

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
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
	if cause.Text != "" {
		failure.AddGot(cause)
		failure.Hint = hint
	}
}

// cause says why the server answered ex to the run's user's valid token
// with Guest.Read and User.Read, having looked up names meanwhile.
func cause(f *tokenlab.Fixture, ex *probe.Exchange, names []string) (cause grader.Phrase, hint string) {
	u := f.Account.User
	switch {
	case ex.Status == http.StatusUnauthorized && ex.WWWAuthenticate == "":
		body := strings.TrimSpace(ex.Body)
		if len(body) > 60 {
			body = body[:60] + "…"
		}
		return phraseNoChallenge.Say(map[string]any{"Body": strconv.Quote(body)}), hintSDK401
	case ex.Status == http.StatusUnauthorized:
		c, err := probe.ParseChallenge(ex.WWWAuthenticate)
		switch {
		case err != nil || c.Params["error"] != "invalid_token":
			return phraseAsIfNoToken.Say(nil), hintParsed
		case len(names) > 0 && !slices.Contains(names, u.Username):
			return phraseLookedUpUnknown.Say(map[string]any{"Names": lookedUp(names, u.Username, u.Name), "Sub": strconv.Quote(u.Username)}), hintWrongKey
		case len(names) == 0 && strings.Contains(strings.ToLower(c.Params["error_description"]), "user"):
			return phraseNeverLookedUnknown.Say(nil), hintNoLookup
		}
		return phraseRefusedValid.Say(nil), hintParsed
	case ex.Status != http.StatusForbidden:
		return grader.Phrase{}, ""
	case len(names) == 0:
		return phraseNeverLooked.Say(nil), hintNoLookup
	case !slices.Contains(names, u.Username):
		return phraseLookedUp.Say(map[string]any{"Names": lookedUp(names, u.Username, u.Name), "Sub": strconv.Quote(u.Username)}), hintWrongKey
	}
	return phraseFoundRefused.Say(map[string]any{"User": strconv.Quote(u.Username)}), hintPermission
}

// lookedUp describes the names a server looked up instead of the sub.
func lookedUp(names []string, sub, displayName string) grader.Phrase {
	var parts grader.Phrase
	for _, n := range slices.Compact(slices.Clone(names)) {
		var part grader.Phrase
		switch {
		case n == displayName:
			part = phraseNameClaim.Say(map[string]any{"Name": strconv.Quote(n)})
		case n == "":
			part = phraseEmptySub.Say(nil)
		case strings.EqualFold(n, sub):
			part = phraseSubCase.Say(map[string]any{"Name": strconv.Quote(n)})
		default:
			part = grader.Literal(strconv.Quote(n))
		}
		if parts.Text == "" {
			parts = part
			continue
		}
		parts = phraseAndName.Say(map[string]any{"First": parts, "Next": part})
	}
	return parts
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
			sent := phraseXUserSent.Say(map[string]any{"User": header.Get("X-User")})
			want := phraseTokenInfoAnyOrder.Say(map[string]any{"TokenInfo": fmt.Sprintf("TokenInfo{UserID: %q, Scopes: %v}", f.Account.User.Username, perms)})
			ids := f.Lab.Identities()
			if len(ids) == 0 || !ids[len(ids)-1].Known {
				return grader.Fail(sent, want, phraseNoTokenInfo.Say(nil))
			}
			id := ids[len(ids)-1]
			if id.UserID != f.Account.User.Username || !probe.SameSet(id.Scopes, perms) {
				return grader.Fail(sent, want, grader.Literal(fmt.Sprintf("TokenInfo{UserID: %q, Scopes: %v}", id.UserID, id.Scopes)))
			}
			return nil
		},
	}
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.rbaccheck.granted", hintGranted)
	_ = grader.NewPhraseForm("hint.rbaccheck.no-lookup", hintNoLookup)
	_ = grader.NewPhraseForm("hint.rbaccheck.wrong-key", hintWrongKey)
	_ = grader.NewPhraseForm("hint.rbaccheck.permission", hintPermission)
	_ = grader.NewPhraseForm("hint.rbaccheck.parsed", hintParsed)
	_ = grader.NewPhraseForm("hint.rbaccheck.sdk401", hintSDK401)
)
