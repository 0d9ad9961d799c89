package jwtauthcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

func loginChecks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "login-issues-token", Name: "The right password gets a short-lived HS256 token with the right claims",
			Sends:  phraseLoginSent.English,
			Expect: `200 and JSON {"access_token": ..., "token_type": "Bearer", "expires_in": ...}; the token is HS256 with sub, name, permissions, iat, exp (iat + cfg.TokenTTL, never hours away), iss and aud`,
			Hint:   "Sign jwt.NewWithClaims(jwt.SigningMethodHS256, claims) with cfg.SigningKey; set Subject, Issuer, Audience, IssuedAt and ExpiresAt (now + cfg.TokenTTL) besides name and permissions.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				before := users.Verifications()
				ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password)
				if err != nil {
					return f.Lab.FailSay(phraseLoginSent.Say(nil), phrase200Token.Say(nil), grader.Literal(err.Error()))
				}
				return checkTokenAnswer(t, f, phraseLoginSent.Say(nil), ans, users.Verifications()-before)
			},
		},
		{
			ID: "login-no-store", Name: "Login answers are never cached (Cache-Control: no-store, Pragma: no-cache)",
			Sends:  phraseLoginSent.English + ", then a wrong password, then a body that is not JSON",
			Expect: "Cache-Control: no-store and Pragma: no-cache on all three answers (RFC 6749 §5.1)",
			Hint: "Set w.Header().Set(\"Cache-Control\", \"no-store\") and w.Header().Set(\"Pragma\", \"no-cache\") first thing in the " +
				"login handler, before any answer is written: Pragma is for the HTTP/1.0 caches that ignore Cache-Control.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				u := f.Account.User.Username
				for _, c := range []struct {
					sent grader.Phrase
					call loginCall
				}{
					{phraseLoginSent.Say(nil), passwordLogin(u, f.Account.Password)},
					{phraseLoginWrongPassword.Say(nil), passwordLogin(u, f.Account.Password+"x")},
					{phraseLoginNotJSON.Say(nil), loginCall{method: http.MethodPost, raw: notJSON}},
				} {
					ans, err := sendLogin(ctx, f, c.call)
					if err != nil {
						return f.Lab.FailSay(c.sent, probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
					}
					if !strings.Contains(strings.ToLower(ans.cacheControl), "no-store") || !strings.EqualFold(ans.header.Get("Pragma"), "no-cache") {
						return f.Lab.FailSay(c.sent, phraseNoStore.Say(nil), ans.describe())
					}
				}
				return nil
			},
		},
		{
			ID: "login-wrong-password-invalid-grant", Name: "A wrong password is answered 400 invalid_grant with no token",
			Sends:  `POST /login with the right user and a wrong password`,
			Expect: `400, Content-Type: application/json and {"error": "invalid_grant"}, no access_token (RFC 6749 §5.2)`,
			Hint: "Verify with users.VerifyPassword(user.PasswordHash, password); when it says no, answer 400 with Content-Type: " +
				"application/json and {\"error\": \"invalid_grant\"}, and return. Not 401: the client sent no Authorization header to challenge.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				sent := phraseLoginWrongPassword.Say(nil)
				ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password[:len(f.Account.Password)-1])
				if err != nil {
					return f.Lab.FailSay(sent, grader.Literal("400 invalid_grant"), grader.Literal(err.Error()))
				}
				return ans.oauthRefusal(f, sent, "invalid_grant")
			},
		},
		{
			ID: "login-malformed-invalid-request", Name: "A login that is not JSON, or lacks a field, is answered 400 invalid_request",
			Sends:  `POST /login with a body that is not JSON, then {"username": <a user>} without a password`,
			Expect: `400, Content-Type: application/json and {"error": "invalid_request"} for both, no access_token (RFC 6749 §5.2)`,
			Hint: "When the body does not decode, or the user name or password is empty, answer 400 with {\"error\": \"invalid_request\"}: " +
				"the request is broken, which is not the same as wrong credentials (invalid_grant).",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				for _, c := range []struct {
					sent grader.Phrase
					call loginCall
				}{
					{phraseLoginNotJSON.Say(nil), loginCall{method: http.MethodPost, raw: notJSON}},
					{phraseLoginNoPassword.Say(nil), loginCall{method: http.MethodPost, body: map[string]string{"username": f.Account.User.Username}}},
				} {
					ans, err := sendLogin(ctx, f, c.call)
					if err != nil {
						return f.Lab.FailSay(c.sent, grader.Literal("400 invalid_request"), grader.Literal(err.Error()))
					}
					if err := ans.oauthRefusal(f, c.sent, "invalid_request"); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			ID: "login-unknown-user-alike", Name: "An unknown user gets the same answer as a wrong password, after the same work",
			Sends:  "POST /login with an unknown user, then with the right user and a wrong password",
			Expect: "a refusal with no token, the same status and the same body for both, and one argon2id verification for the unknown user too",
			Hint: "Answer both failures with one body ({\"error\": \"invalid_grant\"}, and a description that does not say which part was wrong), " +
				"and for an unknown user still call users.VerifyPassword(users.DummyHash, password) so it takes as long.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				before := users.Verifications()
				unknown, err := postLogin(ctx, f, "nobody-"+probe.Random(6), f.Account.Password)
				if err != nil {
					return f.Lab.FailSay(phraseUnknownUser.Say(nil), phraseARefusal.Say(nil), grader.Literal(err.Error()))
				}
				verified := users.Verifications() - before
				wrong, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password+"x")
				if err != nil {
					return f.Lab.FailSay(phraseAWrongPassword.Say(nil), phraseARefusal.Say(nil), grader.Literal(err.Error()))
				}
				sent := phraseUnknownThenWrong.Say(nil)
				switch {
				case unknown.status < 400 || unknown.accessToken() != "":
					return f.Lab.FailSay(sent, phraseRefusalNoToken.Say(nil), unknown.describe())
				case unknown.status != wrong.status || unknown.body != wrong.body:
					return f.Lab.FailSay(sent, phraseTwoIdentical.Say(nil), phraseUnknownVsWrong.Say(map[string]any{"Unknown": unknown.describe(), "Wrong": wrong.describe()}))
				case verified == 0:
					return f.Lab.FailSay(sent, phraseVerifyUnknownToo.Say(nil), phraseNoVerification.Say(nil))
				}
				return nil
			},
		},
	}
}

// checkTokenAnswer judges the answer to login, a login with the right
// password, and its token; verified is how many argon2id verifications the
// login cost.
func checkTokenAnswer(t Target, f *tokenlab.Fixture, login grader.Phrase, ans loginAnswer, verified int64) error {
	want := phraseWantTokenJSON.Say(nil)
	if ans.status != http.StatusOK {
		return refusedLogin(f, login, ans, want, verified)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal([]byte(ans.body), &tr); err != nil || tr.AccessToken == "" || !strings.EqualFold(tr.TokenType, "Bearer") || tr.ExpiresIn <= 0 {
		return f.Lab.FailSay(login, want, ans.describe())
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(tr.AccessToken, claims, func(*jwt.Token) (any, error) { return f.Cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuer(f.Cfg.Issuer),
		jwt.WithAudience(f.Cfg.Audience), jwt.WithIssuedAt())
	sent := phraseThenVerifying.Say(map[string]any{"Login": login})
	if err != nil || !tok.Valid {
		return f.Lab.FailSay(sent, phraseWantHS256.Say(nil),
			phraseDoesNotVerify.Say(map[string]any{"Err": err, "Why": explainIssuedToken(t, f, tr.AccessToken)}))
	}
	u := f.Account.User
	var problems []grader.Phrase
	if sub, _ := claims.GetSubject(); sub != u.Username {
		problems = append(problems, phraseSubIs.Say(map[string]any{"Sub": strconv.Quote(sub)}))
	}
	if name, _ := claims["name"].(string); name != u.Name {
		problems = append(problems, phraseNameIs.Say(map[string]any{"Name": strconv.Quote(name)}))
	}
	if perms := stringList(claims["permissions"]); perms == nil || !probe.SameSet(perms, u.Permissions) {
		problems = append(problems, phrasePermissionsAre.Say(map[string]any{"Got": fmt.Sprint(perms), "Want": fmt.Sprint(u.Permissions)}))
	}
	iat, _ := claims.GetIssuedAt()
	exp, _ := claims.GetExpirationTime()
	switch {
	case iat == nil:
		problems = append(problems, phraseNoIat.Say(nil))
	case exp.Sub(iat.Time) > time.Hour:
		problems = append(problems, phraseLivesHours.Say(map[string]any{"Life": exp.Sub(iat.Time)}))
	case time.Since(iat.Time).Abs() > time.Minute:
		problems = append(problems, phraseIatNotIssue.Say(nil))
	case (exp.Sub(iat.Time) - f.Cfg.TokenTTL).Abs() > time.Second:
		problems = append(problems, phraseLivesNotTTL.Say(map[string]any{"Life": exp.Sub(iat.Time), "TTL": f.Cfg.TokenTTL}))
	}
	if len(problems) > 0 {
		return f.Lab.FailSay(sent, phraseWantClaims.Say(nil), problems...)
	}
	return nil
}

// refusedLogin fails login, a login with the right password that did not
// answer 200, naming the cause the answer and the verification count show.
func refusedLogin(f *tokenlab.Fixture, login grader.Phrase, ans loginAnswer, want grader.Phrase, verified int64) error {
	refused := ans.status == http.StatusBadRequest || ans.status == http.StatusUnauthorized
	got := ans.describe()
	switch {
	case refused && verified == 0:
		got = phraseRefusedNoVerify.Say(map[string]any{"Answer": got})
	case refused:
		got = phraseRefusedAfterVerify.Say(map[string]any{"Answer": got})
	}
	fail := f.Lab.FailSay(login, want, got)
	switch {
	case refused && verified == 0:
		fail.SayHint(phraseHintVerifyOrder.Say(nil))
	case refused:
		fail.SayHint(phraseHintVerifyResult.Say(nil))
	case ans.status == http.StatusInternalServerError:
		fail.SayHint(phraseHintIssueFailed.Say(nil))
	}
	return fail
}

// The hints of a login that refused the right password or failed after it.
var (
	phraseHintVerifyOrder = grader.NewPhraseForm("hint.jwtauthcheck.verify-order",
		"Look the user up with cfg.Users.Lookup(username) and call users.VerifyPassword(user.PasswordHash, password): "+
			"the stored hash first, then the password. Comparing the password with the hash yourself never matches.")
	phraseHintVerifyResult = grader.NewPhraseForm("hint.jwtauthcheck.verify-result",
		"users.VerifyPassword returns (ok, err): the login succeeds when the user exists, ok is true and err is nil.")
	phraseHintIssueFailed = grader.NewPhraseForm("hint.jwtauthcheck.issue-failed",
		"The password was accepted, then the login failed: IssueToken returned an error. Sign with "+
			"jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey), a []byte key.")
)
