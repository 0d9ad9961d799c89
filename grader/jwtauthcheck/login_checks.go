package jwtauthcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

const loginSent = `POST /login {"username": <a user>, "password": <the right password>}`

func loginChecks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "login-issues-token", Name: "The right password gets a short-lived HS256 token with the right claims",
			Sends:  loginSent,
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
					return f.Lab.Fail(loginSent, "200 and a token", err.Error())
				}
				return checkTokenAnswer(t, f, loginSent, ans, users.Verifications()-before)
			},
		},
		{
			ID: "login-no-store", Name: "Login answers are never cached (Cache-Control: no-store)",
			Sends:  loginSent + ", then a wrong password",
			Expect: "Cache-Control: no-store on both answers (RFC 6749 §5.1)",
			Hint:   "Set w.Header().Set(\"Cache-Control\", \"no-store\") first thing in the login handler, before any answer is written.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				for _, password := range []string{f.Account.Password, f.Account.Password + "x"} {
					ans, err := postLogin(ctx, f, f.Account.User.Username, password)
					if err != nil {
						return f.Lab.Fail(loginSent, "an answer", err.Error())
					}
					if !strings.Contains(strings.ToLower(ans.cacheControl), "no-store") {
						return f.Lab.Fail(loginSent, "Cache-Control: no-store", ans.describe())
					}
				}
				return nil
			},
		},
		{
			ID: "login-wrong-password-401", Name: "A wrong password is answered 401 with no token",
			Sends:  `POST /login with the right user and a wrong password`,
			Expect: "401 and no access_token",
			Hint:   "Verify with users.VerifyPassword(user.PasswordHash, password); when it says no, answer 401 and return.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password[:len(f.Account.Password)-1])
				if err != nil {
					return f.Lab.Fail("a wrong password", "401", err.Error())
				}
				if ans.status != http.StatusUnauthorized || strings.Contains(ans.body, "access_token") {
					return f.Lab.Fail("POST /login with a wrong password", "401 and no access_token", ans.describe())
				}
				return nil
			},
		},
		{
			ID: "login-unknown-user-alike", Name: "An unknown user gets the same answer as a wrong password, after the same work",
			Sends:  "POST /login with an unknown user, then with the right user and a wrong password",
			Expect: "the same status and the same body for both, and one argon2id verification for the unknown user too",
			Hint:   "Answer both failures with one message (\"invalid user name or password\"), and for an unknown user still call users.VerifyPassword(users.DummyHash, password) so it takes as long.",
			Run: func(ctx context.Context) error {
				f, err := tokenlab.Start(t.NewServer)
				if err != nil {
					return err
				}
				defer f.Lab.Close()
				before := users.Verifications()
				unknown, err := postLogin(ctx, f, "nobody-"+probe.Random(6), f.Account.Password)
				if err != nil {
					return f.Lab.Fail("an unknown user", "401", err.Error())
				}
				verified := users.Verifications() - before
				wrong, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password+"x")
				if err != nil {
					return f.Lab.Fail("a wrong password", "401", err.Error())
				}
				sent := "POST /login with an unknown user, then with a wrong password"
				switch {
				case unknown.status != http.StatusUnauthorized:
					return f.Lab.Fail(sent, "401 for the unknown user", unknown.describe())
				case unknown.status != wrong.status || unknown.body != wrong.body:
					return f.Lab.Fail(sent, "two identical answers", fmt.Sprintf("unknown user: %s; wrong password: %s", unknown.describe(), wrong.describe()))
				case verified == 0:
					return f.Lab.Fail(sent, "a password verification for the unknown user too", "no verification: an unknown user is refused faster than a wrong password, which tells an attacker which user names exist")
				}
				return nil
			},
		},
	}
}

// checkTokenAnswer judges the answer to login, a login with the right
// password, and its token; verified is how many argon2id verifications the
// login cost.
func checkTokenAnswer(t Target, f *tokenlab.Fixture, login string, ans loginAnswer, verified int64) error {
	want := `200 and JSON {"access_token", "token_type": "Bearer", "expires_in"}`
	if ans.status != http.StatusOK {
		return refusedLogin(f, login, ans, want, verified)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal([]byte(ans.body), &tr); err != nil || tr.AccessToken == "" || !strings.EqualFold(tr.TokenType, "Bearer") || tr.ExpiresIn <= 0 {
		return f.Lab.Fail(login, want, ans.describe())
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(tr.AccessToken, claims, func(*jwt.Token) (any, error) { return f.Cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuer(f.Cfg.Issuer),
		jwt.WithAudience(f.Cfg.Audience), jwt.WithIssuedAt())
	sent := login + ", then verifying the token with the configured key"
	if err != nil || !tok.Valid {
		return f.Lab.Fail(sent, "an HS256 token signed with cfg.SigningKey, with exp, and iss and aud from the configuration",
			"a token that does not verify: "+err.Error()+" ("+explainIssuedToken(t, f, tr.AccessToken)+")")
	}
	u := f.Account.User
	var problems []string
	if sub, _ := claims.GetSubject(); sub != u.Username {
		problems = append(problems, fmt.Sprintf("sub is %q, not the user name", sub))
	}
	if name, _ := claims["name"].(string); name != u.Name {
		problems = append(problems, fmt.Sprintf("name is %q, not the user's name", name))
	}
	if perms := stringList(claims["permissions"]); perms == nil || !probe.SameSet(perms, u.Permissions) {
		problems = append(problems, fmt.Sprintf("permissions are %v, not the user's %v", perms, u.Permissions))
	}
	iat, _ := claims.GetIssuedAt()
	exp, _ := claims.GetExpirationTime()
	switch {
	case iat == nil:
		problems = append(problems, "there is no iat")
	case exp.Sub(iat.Time) > time.Hour:
		problems = append(problems, fmt.Sprintf("it lives %s: an access token that cannot be revoked should live minutes, not hours", exp.Sub(iat.Time)))
	case time.Since(iat.Time).Abs() > time.Minute:
		problems = append(problems, "iat is not the time of issue")
	case (exp.Sub(iat.Time) - f.Cfg.TokenTTL).Abs() > time.Second:
		problems = append(problems, fmt.Sprintf("it lives %s, not cfg.TokenTTL (%s): exp must be iat + cfg.TokenTTL", exp.Sub(iat.Time), f.Cfg.TokenTTL))
	}
	if len(problems) > 0 {
		return f.Lab.Fail(sent, "claims sub, name, permissions, iat and exp = iat + cfg.TokenTTL for the logged-in user", strings.Join(problems, "; "))
	}
	return nil
}

// refusedLogin fails login, a login with the right password that did not
// answer 200, naming the cause the answer and the verification count show.
func refusedLogin(f *tokenlab.Fixture, login string, ans loginAnswer, want string, verified int64) error {
	fail := f.Lab.Fail(login, want, ans.describe())
	switch {
	case ans.status == http.StatusUnauthorized && verified == 0:
		fail.Got += ": the right password was refused without a single argon2id verification"
		fail.Hint = "Look the user up with cfg.Users.Lookup(username) and call users.VerifyPassword(user.PasswordHash, password): " +
			"the stored hash first, then the password. Comparing the password with the hash yourself never matches."
	case ans.status == http.StatusUnauthorized:
		fail.Got += ": users.VerifyPassword ran, and the right password was still refused"
		fail.Hint = "users.VerifyPassword returns (ok, err): the login succeeds when the user exists, ok is true and err is nil."
	case ans.status == http.StatusInternalServerError:
		fail.Hint = "The password was accepted, then the login failed: IssueToken returned an error. Sign with " +
			"jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.SigningKey), a []byte key."
	}
	return fail
}
