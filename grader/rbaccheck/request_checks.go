package rbaccheck

import (
	"context"
	"encoding/base64"
	"time"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
)

// variant is one request a fixed check sends: the valid tools/call
// create_product of the fixture's user, changed by edit, and every answer
// that is right for it.
type variant struct {
	sent grader.Phrase
	edit func(d *oracle.Draft)
	want oracle.Expect
}

// expectVariants sends each variant on session and judges the answer as a
// differential check would; it returns the first wrong answer as a
// *grader.Failure.
func expectVariants(ctx context.Context, f *tokenlab.Fixture, session string, variants []variant) error {
	for _, v := range variants {
		d := f.Draft(session)
		v.edit(d)
		judge := oracle.HTTP(f.Lab, func(probe.RawRequest) oracle.Expect { return v.want })
		dis, err := judge(ctx, d)
		if err != nil {
			return err
		}
		if dis != nil {
			return f.Lab.FailSay(v.sent, *dis.ExpectedPhrase, dis.GotPhrases...)
		}
	}
	return nil
}

// runVariants is a check's Run: it serves t and sends variants, made for
// the fixture, on a live session.
func runVariants(t Target, variants func(f *tokenlab.Fixture) []variant) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		f, err := tokenlab.Start(t.NewServer)
		if err != nil {
			return err
		}
		defer f.Lab.Close()
		session, closeSession, err := f.Lab.DirectSession(ctx)
		if err != nil {
			return err
		}
		defer closeSession()
		return expectVariants(ctx, f, session, variants(f))
	}
}

// schemeCheck carries stages 1 and 2's rules on the Authorization header
// forward: they must still hold once permissions are checked too.
func schemeCheck(t Target) grader.Check {
	return grader.Check{
		ID: "bearer-scheme-forms", Name: "Bearer in any case and with several spaces works; Basic and a bare token are refused",
		Sends: "tools/call with a valid token after bearer, BEARER, and Bearer followed by two and three spaces; then the token after " +
			"Basic, the user's password as Basic credentials, and the bare token",
		Expect: "the first four get through; the others are refused (401 with a Bearer challenge, or 400) and reach nothing",
		Hint: "Keep stage 2's parsing: split the header at the first space, compare the scheme with strings.EqualFold(scheme, \"Bearer\"), " +
			"skip any further spaces (RFC 6750: \"Bearer\" 1*SP token), and refuse anything else.",
		Run: runVariants(t, func(f *tokenlab.Fixture) []variant {
			scheme := func(s, sep string) func(d *oracle.Draft) {
				return func(d *oracle.Draft) { d.Scheme, d.Sep = s, sep }
			}
			basic := base64.StdEncoding.EncodeToString([]byte(f.Account.User.Username + ":" + f.Account.Password))
			return []variant{
				{phraseSchemeWritten.Say(map[string]any{"Scheme": "bearer"}), scheme("bearer", " "), oracle.Allowed()},
				{phraseSchemeWritten.Say(map[string]any{"Scheme": "BEARER"}), scheme("BEARER", " "), oracle.Allowed()},
				{phraseTwoSpaces.Say(nil), scheme("Bearer", "  "), oracle.Allowed()},
				{phraseThreeSpaces.Say(nil), scheme("Bearer", "   "), oracle.Allowed()},
				{phraseSchemeWritten.Say(map[string]any{"Scheme": "Basic"}), scheme("Basic", " "), tokenlab.Malformed},
				{phraseBasicPassword.Say(nil), func(d *oracle.Draft) {
					d.Token, d.Cred, d.Scheme, d.Sep = nil, basic, "Basic", " "
				}, tokenlab.Malformed},
				{phraseNoScheme.Say(nil), scheme("", ""), tokenlab.Malformed},
			}
		}),
	}
}

// leewayCheck demands a standard answer for a token that expired seconds
// ago: a server may still take it (clock skew) or refuse it as invalid,
// but a refusal must say so in a challenge, and the leeway has a bound.
func leewayCheck(t Target) grader.Check {
	return grader.Check{
		ID: "leeway-window", Name: "A token that expired seconds ago gets a standard answer; one that expired 90 s ago is refused",
		Sends:  "tools/call with a token carrying User.Read that expired 2 s ago, then 4 s ago, then 90 s ago",
		Expect: "for the first two, either the tool runs or 401 with WWW-Authenticate: Bearer error=\"invalid_token\"; for the last, that 401",
		Hint: "Your validation's leeway and every later check of the expiry must agree. auth.RequireBearerToken checks " +
			"TokenInfo.Expiration again, with no leeway unless you give it one, and its 401 carries no challenge: pass " +
			"&auth.RequireBearerTokenOptions{ClockSkew: …} at least as long as your leeway.",
		Run: runVariants(t, func(f *tokenlab.Fixture) []variant {
			expired := func(ago time.Duration) func(d *oracle.Draft) {
				return func(d *oracle.Draft) {
					now := time.Now()
					d.Token.Claims["exp"] = now.Add(-ago).Unix()
					d.Token.Claims["iat"] = now.Add(-ago - 10*time.Minute).Unix()
				}
			}
			// The refusal first: when neither fits, its reason is the one shown.
			window := oracle.Refused(tokenlab.InvalidToken).Or(oracle.Allowed())
			return []variant{
				{phraseExpiredAgo.Say(map[string]any{"Secs": 2}), expired(2 * time.Second), window},
				{phraseExpiredAgo.Say(map[string]any{"Secs": 4}), expired(4 * time.Second), window},
				{phraseExpiredAgo.Say(map[string]any{"Secs": 90}), expired(90 * time.Second), oracle.Refused(tokenlab.InvalidToken)},
			}
		}),
	}
}
