package jwtauthcheck

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"

	"github.com/golang-jwt/jwt/v5"
)

// What the login gives out: only to a POST, only what the store says, no
// secret, and a lifetime that tells the truth.

// jwtShape matches anything that looks like a signed JWT.
var jwtShape = regexp.MustCompile(`eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*`)

func loginAnswerChecks(t Target) []grader.Check {
	return []grader.Check{getLoginCheck(t), extraFieldsCheck(t), noSecretCheck(t), expiresInCheck(t)}
}

func getLoginCheck(t Target) grader.Check {
	sent := phraseGetLogin.Say(nil)
	return grader.Check{
		ID: "login-get-refused", Name: "GET /login is not a login",
		Sends:  sent.Text,
		Expect: "405 Method Not Allowed with Allow: POST (RFC 9110 §15.5.6), and no token",
		Hint: "Register the login for POST only: mux.HandleFunc(\"POST /login\", ...), and the mux answers any other method 405 with " +
			"Allow: POST. A GET must never log anyone in: its URL, password and all, ends up in server logs, browser history and Referer headers.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			u, p := f.Account.User.Username, f.Account.Password
			ans, err := sendLogin(ctx, f, loginCall{
				method: http.MethodGet,
				query:  url.Values{"username": {u}, "password": {p}},
				body:   map[string]string{"username": u, "password": p},
			})
			if err != nil {
				return f.Lab.FailSay(sent, phraseARefusal.Say(nil), grader.Literal(err.Error()))
			}
			got := strings.ReplaceAll(ans.describe().Text, p, "<the password>")
			switch {
			case ans.status < 300 || ans.accessToken() != "" || jwtShape.MatchString(ans.body):
				return f.Lab.FailSay(sent, phraseRefusalAndNoToken.Say(nil), phraseGetLoggedIn.Say(map[string]any{"Answer": got}))
			case ans.status != http.StatusMethodNotAllowed:
				return f.Lab.FailSay(sent, grader.Literal(fmt.Sprintf("%d %s", http.StatusMethodNotAllowed, http.StatusText(http.StatusMethodNotAllowed))), grader.Literal(got))
			case !slices.Contains(strings.Split(strings.ReplaceAll(ans.header.Get("Allow"), " ", ""), ","), http.MethodPost):
				return f.Lab.FailSay(sent, phrase405Allow.Say(nil), phraseAllowMissing.Say(map[string]any{"Answer": got, "Allow": strconv.Quote(ans.header.Get("Allow"))}))
			}
			return nil
		},
	}
}

func extraFieldsCheck(t Target) grader.Check {
	sent := phraseExtraFields.Say(nil)
	return grader.Check{
		ID: "login-extra-fields-ignored", Name: "Fields the caller adds to the login body never reach the token",
		Sends:  sent.Text + ", each extra field holding a value of the caller's choosing; then decoding the token's claims",
		Expect: "a token that holds none of the values sent besides the user name; or 400 invalid_request for fields the login does not know",
		Hint: "Decode the body into a struct with Username and Password only, and build the claims from the user the store returns " +
			"and the configuration: whatever else the caller writes is theirs, not the server's word.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			exp := time.Now().AddDate(1, 0, 0).Unix()
			extra := map[string]string{
				"permissions": "Admin.Write", "sub": "sub-" + probe.Random(6), "name": "Name " + probe.Random(6),
				"iss": "https://iss-" + probe.Random(6) + ".example/", "aud": "aud-" + probe.Random(6), "role": "role-" + probe.Random(6),
				"exp": fmt.Sprint(exp),
			}
			body := map[string]any{"username": f.Account.User.Username, "password": f.Account.Password,
				"permissions": []string{extra["permissions"]}, "sub": extra["sub"], "name": extra["name"],
				"exp": exp, "iss": extra["iss"], "aud": extra["aud"], "role": extra["role"]}
			ans, err := sendLogin(ctx, f, loginCall{method: http.MethodPost, body: body})
			if err != nil {
				return f.Lab.FailSay(sent, probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
			}
			tok := ans.accessToken()
			switch {
			case ans.status == http.StatusBadRequest && tok == "" && ans.oauthError() == "invalid_request":
				return nil // refusing fields it does not know is right too
			case ans.status != http.StatusOK || tok == "":
				return f.Lab.FailSay(sent, phraseTokenOrInvalid.Say(nil), ans.describe())
			}
			claims := tokenJSON(tok)
			for _, field := range slices.Sorted(maps.Keys(extra)) {
				if strings.Contains(claims, extra[field]) {
					return f.Lab.FailSay(sent, phraseNoneOfValues.Say(nil),
						phraseCarriesField.Say(map[string]any{"Field": strconv.Quote(field), "Value": strconv.Quote(extra[field])}))
				}
			}
			return nil
		},
	}
}

func noSecretCheck(t Target) grader.Check {
	sent := phraseNextCookie.Say(nil)
	return grader.Check{
		ID: "login-answer-holds-no-secret", Name: "The login answer and its token hold no secret and nothing else from the request",
		Sends: sent.Text + "; then decoding the token's header and claims",
		Expect: "neither the answer (headers and body) nor the token holds the signing key, the password, the password's hash, " +
			"the cookie or the query value, whole or in part",
		Hint: "Anyone holding a token can read its claims (base64url is not encryption), and login answers end up in logs and caches. " +
			"Put the user name, display name and permissions in the token, never the key, a password, its hash or what the request carried.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			cookie, next := "session-"+probe.Random(9), "next-"+probe.Random(9)
			ans, err := sendLogin(ctx, f, loginCall{
				method: http.MethodPost,
				body:   map[string]string{"username": f.Account.User.Username, "password": f.Account.Password},
				query:  url.Values{"next": {next}},
				header: http.Header{"Cookie": {"session=" + cookie}},
			})
			if err != nil {
				return f.Lab.FailSay(sent, probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
			}
			tok := ans.accessToken()
			if ans.status != http.StatusOK || tok == "" {
				return f.Lab.FailSay(sent, phraseTokenToExamine.Say(nil), ans.describe())
			}
			if problem := tokenCookie(ans.header, tok); problem.Text != "" {
				f := f.Lab.FailSay(sent, phraseTokenInBody.Say(nil), problem)
				f.Hint = hintTokenCookie
				return f
			}
			secrets := answerSecrets(f, cookie, next)
			var headers []string
			for k, vs := range ans.header {
				headers = append(headers, k+": "+strings.Join(vs, ", "))
			}
			for _, place := range []struct {
				name grader.Phrase
				text string
			}{
				{phraseTokenClaims.Say(nil), tokenJSON(tok)},
				{phraseAnswerBody.Say(nil), ans.body},
				{phraseAnswerHeaders.Say(nil), strings.Join(headers, "\n")},
			} {
				if label, piece := probe.Leaked(place.text, secrets); label.Text != "" {
					return f.Lab.FailSay(sent, phraseNoSecretAnywhere.Say(nil),
						phrasePlaceHolds.Say(map[string]any{"Place": place.name, "Label": label, "Piece": strconv.Quote(excerpt(piece, 6)) + "…"}))
				}
			}
			return nil
		},
	}
}

// hintTokenCookie is the hint for a token handed out in a loose cookie.
const hintTokenCookie = "A bearer token belongs in the JSON answer, where the client puts it in Authorization. A cookie is sent by " +
	"browsers on their own, to requests other sites start (CSRF), and one without HttpOnly can be read by any script on the page. " +
	"Set no cookie; if you must, mark it HttpOnly and SameSite=Strict."

// tokenCookie says what is wrong with a Set-Cookie of header that holds
// the token (its signature is enough to tell), or "" when none is loose.
func tokenCookie(header http.Header, token string) grader.Phrase {
	sig := token[strings.LastIndex(token, ".")+1:]
	for _, line := range header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil || !strings.Contains(c.Value, sig) {
			continue
		}
		var missing []string
		if !c.HttpOnly {
			missing = append(missing, "HttpOnly")
		}
		if c.SameSite != http.SameSiteStrictMode && c.SameSite != http.SameSiteLaxMode {
			missing = append(missing, "SameSite")
		}
		if len(missing) > 0 {
			lacks := grader.Literal(missing[0])
			if len(missing) > 1 {
				lacks = phraseEither.Say(map[string]any{"First": missing[0], "Rest": missing[1]})
			}
			return phraseLooseCookie.Say(map[string]any{"Name": c.Name, "Missing": lacks})
		}
	}
	return grader.Phrase{}
}

// answerSecrets are what a login answer must never hold: the key in the
// encodings a JSON encoder or a debug print would use, the password, the
// salt and digest of its hash, and the markers the request carried.
func answerSecrets(f *tokenlab.Fixture, cookie, query string) []probe.Secret {
	key := f.Cfg.SigningKey
	secrets := []probe.Secret{
		{Label: probe.PhraseSecretPassword.Say(nil), Value: f.Account.Password},
		{Label: probe.PhraseSecretSigningKey.Say(nil), Value: string(key)},
		{Label: probe.PhraseSecretSigningKeyBase64.Say(nil), Value: base64.StdEncoding.EncodeToString(key)},
		{Label: probe.PhraseSecretSigningKeyBase64url.Say(nil), Value: base64.RawURLEncoding.EncodeToString(key)},
		{Label: probe.PhraseSecretSigningKeyHex.Say(nil), Value: hex.EncodeToString(key)},
		{Label: probe.PhraseSecretCookieRequestCarried.Say(nil), Value: cookie},
		{Label: probe.PhraseSecretQueryValueRequestCarried.Say(nil), Value: query},
	}
	if hash, ok := hashSecret(f); ok {
		secrets = append(secrets, hash)
	}
	return secrets
}

// hashSecret is the secret part of the user's password hash: its salt and
// digest, since the "$argon2id$v=19$m=…" prefix is the same for everyone.
func hashSecret(f *tokenlab.Fixture) (probe.Secret, bool) {
	parts := strings.SplitN(f.Account.User.PasswordHash, "$", 5)
	if len(parts) != 5 {
		return probe.Secret{}, false
	}
	return probe.Secret{Label: probe.PhraseSecretPasswordSHash.Say(nil), Value: parts[4]}, true
}

func expiresInCheck(t Target) grader.Check {
	return grader.Check{
		ID: "login-expires-in", Name: "expires_in is the token's real lifetime, in seconds",
		Sends:  phraseLoginSent.English + "; then reading the token's iat and exp",
		Expect: "expires_in = exp − iat, in seconds (RFC 6749 §5.1)",
		Hint: "expires_in counts seconds: int(cfg.TokenTTL.Seconds()), the lifetime you gave the token. int(cfg.TokenTTL) counts " +
			"nanoseconds, and a number written in the code forgets the configuration.",
		Run: func(ctx context.Context) error {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			ans, err := postLogin(ctx, f, f.Account.User.Username, f.Account.Password)
			if err != nil {
				return f.Lab.FailSay(phraseLoginSent.Say(nil), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
			}
			var tr struct {
				AccessToken string  `json:"access_token"`
				ExpiresIn   float64 `json:"expires_in"`
			}
			if ans.status != http.StatusOK || json.Unmarshal([]byte(ans.body), &tr) != nil || tr.AccessToken == "" {
				return f.Lab.FailSay(phraseLoginSent.Say(nil), phrase200Token.Say(nil), ans.describe())
			}
			claims := jwt.MapClaims{}
			if _, _, err := jwt.NewParser().ParseUnverified(tr.AccessToken, claims); err != nil {
				return f.Lab.FailSay(phraseLoginSent.Say(nil), phraseTokenToRead.Say(nil), grader.Literal(err.Error()))
			}
			iat, _ := claims.GetIssuedAt()
			exp, _ := claims.GetExpirationTime()
			if iat == nil || exp == nil {
				return f.Lab.FailSay(phraseLoginSent.Say(nil), phraseTokenIatExp.Say(nil), phraseTokenWithout.Say(nil))
			}
			lifetime := exp.Sub(iat.Time).Seconds()
			if math.Abs(tr.ExpiresIn-lifetime) > 1 {
				return f.Lab.FailSay(phraseLoginSent.Say(nil), phraseExpiresInWant.Say(map[string]any{"Lifetime": fmt.Sprintf("%.0f", lifetime)}),
					phraseExpiresInGot.Say(map[string]any{"ExpiresIn": fmt.Sprintf("%.0f", tr.ExpiresIn), "Lifetime": fmt.Sprintf("%.0f", lifetime), "TTL": f.Cfg.TokenTTL}))
			}
			return nil
		},
	}
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.jwtauthcheck.token-cookie", hintTokenCookie)
)
