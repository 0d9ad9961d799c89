package jwtauthcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

// loginAnswer is what came back from POST /login.
type loginAnswer struct {
	status       int
	cacheControl string
	body         string
}

func (a loginAnswer) describe() string {
	return fmt.Sprintf("%d %s, Cache-Control: %q, body %q", a.status, http.StatusText(a.status), a.cacheControl, excerpt(a.body, 160))
}

func postLogin(ctx context.Context, f *tokenlab.Fixture, username, password string) (loginAnswer, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Lab.BaseURL+"/login", bytes.NewReader(body))
	if err != nil {
		return loginAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return loginAnswer{}, fmt.Errorf("no HTTP answer: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 8192))
	return loginAnswer{status: resp.StatusCode, cacheControl: resp.Header.Get("Cache-Control"), body: string(b)}, nil
}

func excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

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
				ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password)
				if err != nil {
					return f.Lab.Fail(loginSent, "200 and a token", err.Error())
				}
				return checkTokenAnswer(f, ans)
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

// checkTokenAnswer judges a successful login's answer and its token.
func checkTokenAnswer(f *tokenlab.Fixture, ans loginAnswer) error {
	want := `200 and JSON {"access_token", "token_type": "Bearer", "expires_in"}`
	if ans.status != http.StatusOK {
		return f.Lab.Fail(loginSent, want, ans.describe())
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal([]byte(ans.body), &tr); err != nil || tr.AccessToken == "" || !strings.EqualFold(tr.TokenType, "Bearer") || tr.ExpiresIn <= 0 {
		return f.Lab.Fail(loginSent, want, ans.describe())
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(tr.AccessToken, claims, func(*jwt.Token) (any, error) { return f.Cfg.SigningKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuer(f.Cfg.Issuer),
		jwt.WithAudience(f.Cfg.Audience), jwt.WithIssuedAt())
	sent := loginSent + ", then verifying the token with the configured key"
	if err != nil || !tok.Valid {
		return f.Lab.Fail(sent, "an HS256 token signed with cfg.SigningKey, with exp, and iss and aud from the configuration", "a token that does not verify: "+err.Error())
	}
	u := f.Account.User
	var problems []string
	if sub, _ := claims.GetSubject(); sub != u.Username {
		problems = append(problems, fmt.Sprintf("sub is %q, not the user name", sub))
	}
	if name, _ := claims["name"].(string); name != u.Name {
		problems = append(problems, fmt.Sprintf("name is %q, not the user's name", name))
	}
	if perms := stringList(claims["permissions"]); !slices.Equal(perms, u.Permissions) {
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

// stringList turns a decoded JSON array into strings; anything else is nil.
func stringList(v any) []string {
	items, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil
		}
		out = append(out, s)
	}
	return out
}
