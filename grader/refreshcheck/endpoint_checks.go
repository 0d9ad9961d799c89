package refreshcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
	"authlab/internal/refreshstore"
)

// toolsList is the JSON-RPC request the checks send to /mcp.
var toolsList = probe.RPC{Method: "tools/list"}

// endpointChecks are the checks of the token endpoints' answers and of
// revocation.
func endpointChecks(t Target) []grader.Check {
	return []grader.Check{
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "token-request-errors",
			Name:   "Token requests that cannot be granted get the RFC 6749 §5.2 error codes",
			Sends:  "POST /token without grant_type, with grant_type=password, without refresh_token, and with a refresh token nobody issued",
			Expect: "400 with invalid_request, unsupported_grant_type, invalid_request and invalid_grant",
			Hint: "Answer every refusal of POST /token 400 with a JSON {\"error\": ...}: a missing parameter is invalid_request, " +
				"another grant_type unsupported_grant_type, a refresh token unknown, used, expired or revoked invalid_grant. " +
				"Never 401 or 500: no Authorization header was sent.",
		}, func(ctx context.Context, f *fixture) error {
			for _, c := range []struct {
				sent grader.Phrase
				form url.Values
				want string
			}{
				{phraseTokenNoGrant.Say(nil), url.Values{"refresh_token": {probe.Random(32)}}, "invalid_request"},
				{phraseTokenPasswordGrant.Say(nil), url.Values{"grant_type": {"password"},
					"username": {f.Account.User.Username}, "password": {f.Account.Password}}, "unsupported_grant_type"},
				{phraseTokenNoRefreshToken.Say(nil), url.Values{"grant_type": {"refresh_token"}}, "invalid_request"},
				{phraseTokenUnknown.Say(nil), url.Values{"grant_type": {"refresh_token"},
					"refresh_token": {probe.Random(32)}}, "invalid_grant"},
			} {
				a, err := f.postForm(ctx, "/token", c.form)
				if err != nil {
					return err
				}
				if problem := a.oauthRefusal(c.want); problem.Text != "" {
					return f.Lab.FailSay(c.sent, grader.Literal(fmt.Sprintf(`400 {"error": %q}`, c.want)), a.wrongAnswer(problem))
				}
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "token-answers-no-store",
			Name:   "Every answer of /login and /token forbids caching",
			Sends:  "POST /login and POST /token, granted and refused",
			Expect: "Cache-Control: no-store and Pragma: no-cache on each answer",
			Hint: "Set both headers first thing in the /login and /token handlers, before any answer, refusals included " +
				"(RFC 6749 §5.1): a cached token answer is a token anyone can read.",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			steps := []struct {
				sent grader.Phrase
				send func() (answer, error)
			}{
				{loginSent, func() (answer, error) { return f.login(ctx) }},
				{phraseLoginWrong.Say(nil), func() (answer, error) {
					body, _ := json.Marshal(map[string]string{"username": f.Account.User.Username, "password": probe.Random(9)})
					return f.post(ctx, "/login", "application/json", string(body))
				}},
				{phraseTokenLogins.Say(nil), func() (answer, error) { return f.refreshWith(ctx, r1) }},
				{phraseTokenUnknown.Say(nil), func() (answer, error) { return f.refreshWith(ctx, probe.Random(32)) }},
				{phraseTokenNoGrant.Say(nil), func() (answer, error) { return f.postForm(ctx, "/token", url.Values{}) }},
			}
			for _, s := range steps {
				a, err := s.send()
				if err != nil {
					return err
				}
				if !strings.Contains(a.header.Get("Cache-Control"), "no-store") || !strings.Contains(a.header.Get("Pragma"), "no-cache") {
					return f.Lab.FailSay(s.sent, phraseNoStore.Say(nil), a.describe())
				}
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "revoke-kills-token",
			Name:   "A revoked refresh token is refused",
			Sends:  "POST /revoke with token=<the login's refresh token>, then POST /token with it",
			Expect: `200 for the revocation, then 400 {"error": "invalid_grant"}`,
			Hint:   "In POST /revoke, read the form's token, find its record by hash and delete it with its family (RFC 7009 §2.1).",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			sent := phraseRevokeLogins.Say(nil)
			if err := f.mustRevoke(ctx, r1, sent); err != nil {
				return err
			}
			return f.mustRefuse(ctx, r1, then(sent, phraseTokenWithIt.Say(nil)), phraseWasRevoked.Say(nil))
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "revoke-kills-family",
			Name:   "Revoking a refresh token revokes every token of its login",
			Sends:  "POST /token with the login's refresh token, then POST /revoke with that rotated token, then POST /token with its successor",
			Expect: `200 for the revocation, then 400 {"error": "invalid_grant"} for the successor`,
			Hint:   "Revoke the family, not the key: store.DeleteFamily(record.Family), so that a token logged out of takes its successors along.",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			r2, err := f.mustRefresh(ctx, r1, phraseTokenLogins.Say(nil))
			if err != nil {
				return err
			}
			sent := phraseRevokeRotated.Say(nil)
			if err := f.mustRevoke(ctx, r1, sent); err != nil {
				return err
			}
			return f.mustRefuse(ctx, r2, then(sent, phraseTokenWithSuccessor.Say(nil)), phraseWholeFamily.Say(nil))
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "revoke-unknown-200",
			Name:   "POST /revoke answers a token nobody issued as it answers a real one",
			Sends:  "POST /revoke with a refresh token nobody issued, with a real one, and with no token",
			Expect: "200 and the same body for the unknown and the real token; 400 invalid_request with no token",
			Hint: "RFC 7009 §2.2: answer 200 whether or not the token existed, so the endpoint cannot be used to test stolen " +
				"tokens. Only a request with no token parameter at all is invalid_request.",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			unknown, err := f.revoke(ctx, probe.Random(32))
			if err != nil {
				return err
			}
			sent := phraseRevokeUnknown.Say(nil)
			if unknown.status != http.StatusOK {
				return f.Lab.FailSay(sent, phraseAsForReal.Say(nil), phraseTellsExisted.Say(map[string]any{"Answer": unknown.describe()}))
			}
			known, err := f.revoke(ctx, r1)
			if err != nil {
				return err
			}
			if known.status != http.StatusOK || strings.TrimSpace(known.body) != strings.TrimSpace(unknown.body) {
				return f.Lab.FailSay(then(sent, phraseWithReal.Say(nil)), phraseSameBody.Say(nil),
					phraseUnknownReal.Say(map[string]any{"Unknown": unknown.describe(), "Real": known.describe()}))
			}
			none, err := f.postForm(ctx, "/revoke", url.Values{})
			if err != nil {
				return err
			}
			if problem := none.oauthRefusal("invalid_request"); problem.Text != "" {
				return f.Lab.FailSay(phraseRevokeNoToken.Say(nil), grader.Literal(`400 {"error": "invalid_request"}`), none.wrongAnswer(problem))
			}
			return nil
		}),
		serverCheck(t, defaultRefreshTTL, grader.Check{
			ID:     "refresh-token-not-in-url",
			Name:   "A refresh token in the URL is never accepted",
			Sends:  "POST /token with grant_type and the login's refresh_token in the query string and no body, then GET /token the same way",
			Expect: "neither granted (a 4xx, no tokens); the refresh token, unused, then works in a form-encoded body",
			Hint: "Read the parameters from r.PostForm after r.ParseForm, not r.Form or r.FormValue, which also read the query: URLs " +
				"end up in access logs, proxies and browser history, and a token there is a token leaked (RFC 6749 §6: the request body).",
		}, func(ctx context.Context, f *fixture) error {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			query := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {r1}}.Encode()
			for _, method := range []string{http.MethodPost, http.MethodGet} {
				sent := phraseInQuery.Say(map[string]any{"Method": method})
				a, err := f.send(ctx, method, "/token?"+query)
				if err != nil {
					return err
				}
				if a.status < 400 || a.status > 499 || a.access() != "" || a.refresh() != "" {
					return f.Lab.FailSay(sent, phraseParamsInBody.Say(nil), a.describe())
				}
			}
			_, err = f.mustRefresh(ctx, r1, phraseSameInBody.Say(nil))
			return err
		}),
		raceCheck(t, "refresh-race-one-winner", 8, 1),
		logsCheck(t),
	}
}

// mustRevoke presents tok to POST /revoke, which must answer 200.
func (f *fixture) mustRevoke(ctx context.Context, tok string, sent grader.Phrase) error {
	a, err := f.revoke(ctx, tok)
	if err != nil {
		return err
	}
	if a.status != http.StatusOK {
		return f.Lab.FailSay(sent, grader.Literal("200"), a.describe())
	}
	return nil
}

// raceCheck sends callers refreshes at once with the same refresh token,
// rounds times, each round from a new login, with the store's reads slowed
// so that deciding on a read and writing later loses: at most one may win.
func raceCheck(t Target, id string, callers, rounds int) grader.Check {
	sent := phraseAtOnce.Say(map[string]any{"Callers": callers, "Rounds": rounds})
	return serverCheck(t, defaultRefreshTTL, grader.Check{
		ID:     id,
		Name:   "Of refreshes sent at once with the same token, exactly one is granted",
		Sends:  sent.Text,
		Expect: "one 200, and 400 invalid_grant for every other",
		Hint: "Decide and mark in one step: inside store.Update, refuse a record already Used and set Used. A store.Get " +
			"followed by a write lets two requests both see the token unused.",
		Deadline: 10 * time.Second,
	}, func(ctx context.Context, f *fixture) error {
		f.store.SlowReads(30 * time.Millisecond)
		for range rounds {
			r1, err := f.mustLogin(ctx)
			if err != nil {
				return err
			}
			answers, errs := make([]answer, callers), make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() { answers[i], errs[i] = f.refreshWith(ctx, r1) })
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				return err
			}
			granted := 0
			for _, a := range answers {
				if a.status == http.StatusOK {
					granted++
				}
			}
			if granted != 1 {
				return f.Lab.FailSay(sent, phraseExactlyOne.Say(nil), phraseGrantedOf.Say(map[string]any{"Granted": granted, "Of": callers}))
			}
		}
		return nil
	})
}

// configCheck demands that NewServer refuses to start without a refresh
// store or a refresh lifetime.
func configCheck(t Target) grader.Check {
	const sent = "NewServer with a nil refresh store, then with RefreshTTL 0"
	return grader.Check{
		ID:     "refresh-config-refused",
		Name:   "A missing refresh store or lifetime makes the server refuse to start",
		Sends:  sent,
		Expect: "an error from NewServer each time, and no panic",
		Hint:   "At the top of NewServer, return an error when store is nil or cfg.RefreshTTL <= 0: a refresh token with no end is a login forever.",
		Run: func(context.Context) error {
			acct, err := tokenlab.TheAccount()
			if err != nil {
				return err
			}
			mcp := http.NotFoundHandler()
			noTTL := tokenlab.NewConfig(acct)
			withTTL := noTTL
			withTTL.RefreshTTL = defaultRefreshTTL
			for _, c := range []struct {
				what  grader.Phrase
				cfg   jwtconfig.Config
				store *refreshstore.Store
			}{{phraseNilStore.Say(nil), withTTL, nil}, {grader.Literal("RefreshTTL 0"), noTTL, refreshstore.New()}} {
				if _, err := t.NewServer(c.cfg, c.store, mcp); err == nil {
					return failure(phraseNewServerWith.Say(map[string]any{"What": c.what}), probe.PhraseAnError.Say(nil), probe.PhraseHandlerNoError.Say(nil))
				}
			}
			return nil
		},
	}
}

// logsCheck demands that nothing the server prints holds a password or a
// token, while it logs in, refreshes, detects reuse and revokes.
func logsCheck(t Target) grader.Check {
	return probe.QuietLogsCheck(phraseLoginRefreshReusedTokenAndRevocation.Say(nil), func(ctx context.Context) ([]probe.Secret, error) {
		f, err := start(t, defaultRefreshTTL)
		if err != nil {
			return nil, err
		}
		defer f.Lab.Close()
		a, err := f.login(ctx)
		if err != nil {
			return nil, err
		}
		secrets := []probe.Secret{{Label: phrasePassword.Say(nil), Value: f.Account.Password},
			{Label: phraseAccessToken.Say(nil), Value: a.access()}, {Label: phraseRefreshToken.Say(nil), Value: a.refresh()}}
		b, err := f.refreshWith(ctx, a.refresh())
		if err != nil {
			return nil, err
		}
		secrets = append(secrets, probe.Secret{Label: phraseRefreshToken.Say(nil), Value: b.refresh()})
		if _, err := f.refreshWith(ctx, a.refresh()); err != nil {
			return nil, err
		}
		if _, err := f.revoke(ctx, b.refresh()); err != nil {
			return nil, err
		}
		return slices.DeleteFunc(secrets, func(s probe.Secret) bool { return s.Value == "" }), nil
	})
}
