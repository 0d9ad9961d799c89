package tokenlab

import (
	"authlab/grader"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"authlab/grader/oracle"
	"authlab/grader/probe"

	"github.com/golang-jwt/jwt/v5"
)

// Hints of the token changes.
const (
	hintAlg = "Pin the algorithm you issue: jwt.WithValidMethods([]string{\"HS256\"}). RFC 8725 §3.1: never let the token choose it."
	hintKey = "Verify the signature with your key only, and refuse every token that does not verify: jwt.ParseWithClaims with a key " +
		"function that returns cfg.SigningKey, and use its error."
	hintTime = "Require exp (jwt.WithExpirationRequired) and keep any leeway to seconds: a token that expired a minute ago is refused. " +
		"NumericDates are JSON numbers (RFC 7519 §2); refuse a date written as a string."
	hintIss = "Compare iss and aud exactly with the configuration: jwt.WithIssuer(cfg.Issuer), jwt.WithAudience(cfg.Audience). " +
		"No case folding, no trailing-slash tolerance, no prefix or substring match."
	hintSub = "Take the user from the verified sub claim, exactly (cfg.Users.Lookup(claims.Subject)): not from name, not case-folded, " +
		"and refuse a token without one."
	hintPermissions = "Read permissions as a JSON array of strings and compare each one exactly with the one you need (slices.Contains): " +
		"no case folding, no prefix or substring, no splitting a string on commas or spaces, no hierarchy, no wildcard."
)

// Base returns the token of a valid request for the fixture's user, as an
// oracle draft can change it.
func (f *Fixture) Base() *oracle.Token {
	claims := map[string]any{}
	for k, v := range f.Claims() {
		claims[k] = v
	}
	return &oracle.Token{
		Header: map[string]any{"alg": "HS256", "typ": "JWT"},
		Claims: claims, Method: jwt.SigningMethodHS256, Key: f.Cfg.SigningKey, KeyLabel: "the right key",
	}
}

// tokenStep changes the draft's token, when it has one.
func tokenStep(name grader.Phrase, hint string, change func(t *oracle.Token)) oracle.Gen {
	return oracle.Fixed(oracle.Step{Name: name, Hint: hint, Apply: func(d *oracle.Draft) {
		if d.Token != nil {
			change(d.Token)
		}
	}})
}

// claim sets (or, for a nil value, removes) a claim.
func claim(name string, value any, hint string) oracle.Gen {
	text := oracle.PhraseClaimSet.Say(map[string]any{"Claim": name, "Value": jsonText(value)})
	if value == nil {
		text = oracle.PhraseNoClaim.Say(map[string]any{"Claim": name})
	}
	return tokenStep(text, hint, func(t *oracle.Token) {
		if value == nil {
			delete(t.Claims, name)
			return
		}
		t.Claims[name] = value
	})
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// shift returns a change to a NumericDate claim, relative to now.
func shift(name string, by time.Duration, hint string) oracle.Gen {
	return tokenStep(oracle.PhraseShifted.Say(map[string]any{"Claim": name, "By": signed(by)}), hint, func(t *oracle.Token) {
		t.Claims[name] = time.Now().Add(by).Unix()
	})
}

func signed(d time.Duration) string {
	if d < 0 {
		return "-" + (-d).String()
	}
	return "+" + d.String()
}

// TokenGens are the changes a token stage explores: the header's algorithm
// and extra fields, the key, every registered claim's value and type, and
// the payload changed after signing.
func (f *Fixture) TokenGens() []oracle.Gen {
	iss, aud := f.Cfg.Issuer, f.Cfg.Audience
	gens := []oracle.Gen{
		tokenStep(phraseAlgNone.Say(nil), hintAlg, func(t *oracle.Token) { t.Header["alg"], t.Method = "none", nil }),
		tokenStep(phraseHS384.Say(nil), hintAlg, func(t *oracle.Token) { t.Header["alg"], t.Method = "HS384", jwt.SigningMethodHS384 }),
		tokenStep(phraseHS512.Say(nil), hintAlg, func(t *oracle.Token) { t.Header["alg"], t.Method = "HS512", jwt.SigningMethodHS512 }),
		tokenStep(phraseAlgRS256.Say(nil), hintAlg, func(t *oracle.Token) { t.Header["alg"] = "RS256" }),
		tokenStep(phraseAlgLower.Say(nil), hintAlg, func(t *oracle.Token) { t.Header["alg"] = "hs256" }),
		tokenStep(phraseAlgSpace.Say(nil), hintAlg, func(t *oracle.Token) { t.Header["alg"] = "HS256 " }),
		tokenStep(phraseNoAlg.Say(nil), hintAlg, func(t *oracle.Token) { delete(t.Header, "alg") }),
		tokenStep(phraseTypAtJWT.Say(nil), "", func(t *oracle.Token) { t.Header["typ"] = "at+jwt" }),
		tokenStep(phraseNoTyp.Say(nil), "", func(t *oracle.Token) { delete(t.Header, "typ") }),
		tokenStep(phraseKid.Say(nil), "", func(t *oracle.Token) { t.Header["kid"] = "../../../dev/null" }),
		tokenStep(phraseJku.Say(nil), "", func(t *oracle.Token) { t.Header["jku"] = "http://attacker.example/keys" }),
		tokenStep(phraseAnotherKey.Say(nil), hintKey, func(t *oracle.Token) { t.Key, t.KeyLabel = []byte(probe.Random(32)), "another key" }),
		tokenStep(phraseEmptyKey.Say(nil), hintKey, func(t *oracle.Token) { t.Key, t.KeyLabel = []byte{}, "an empty key" }),
		tokenStep(phraseKeyMinus.Say(nil), hintKey, func(t *oracle.Token) {
			k := t.Key.([]byte)
			t.Key, t.KeyLabel = k[:max(0, len(k)-1)], "the key minus its last byte"
		}),
		tokenStep(phraseKeyPlus.Say(nil), hintKey, func(t *oracle.Token) {
			t.Key, t.KeyLabel = append(append([]byte(nil), t.Key.([]byte)...), 'x'), "the key plus one byte"
		}),
		tokenStep(phraseKeyUpper.Say(nil), hintKey, func(t *oracle.Token) {
			t.Key, t.KeyLabel = []byte(strings.ToUpper(string(t.Key.([]byte)))), "the key in upper case"
		}),
		oracle.Fixed(oracle.Step{Name: phraseNoSignature.Say(nil), Hint: hintKey, Apply: func(d *oracle.Draft) {
			d.Edits = append(d.Edits, func(s string) string { return s[:strings.LastIndex(s, ".")+1] })
		}}),
		oracle.Fixed(oracle.Step{Name: phraseResignedSub.Say(nil), Hint: hintKey, Apply: func(d *oracle.Draft) {
			d.Edits = append(d.Edits, func(s string) string { return withPayloadClaim(s, "sub", "admin") })
		}}),
		oracle.Fixed(oracle.Step{Name: phraseResignedExp.Say(nil), Hint: hintKey, Apply: func(d *oracle.Draft) {
			d.Edits = append(d.Edits, func(s string) string { return withPayloadClaim(s, "exp", time.Now().AddDate(1, 0, 0).Unix()) })
		}}),
		oracle.Fixed(oracle.Step{Name: phraseFourthPart.Say(nil), Apply: func(d *oracle.Draft) {
			d.Edits = append(d.Edits, func(s string) string { return s + ".x" })
		}}),
		oracle.Fixed(oracle.Step{Name: phrasePadded.Say(nil), Apply: func(d *oracle.Draft) {
			d.Edits = append(d.Edits, func(s string) string { return s + "==" })
		}}),

		shift("exp", -2*time.Second, hintTime), shift("exp", -30*time.Second, hintTime),
		shift("exp", -61*time.Second, hintTime), shift("exp", -time.Hour, hintTime),
		shift("exp", 2*time.Second, hintTime), shift("exp", 24*365*time.Hour, hintTime),
		claim("exp", nil, hintTime), claim("exp", fmt.Sprint(time.Now().Add(time.Hour).Unix()), hintTime),
		claim("exp", float64(time.Now().Add(time.Hour).Unix())+0.5, hintTime), claim("exp", 0, hintTime),
		claim("exp", -1, hintTime), claim("exp", true, hintTime), claim("exp", []any{time.Now().Add(time.Hour).Unix()}, hintTime),
		shift("nbf", -time.Hour, hintTime), shift("nbf", 2*time.Second, hintTime), shift("nbf", 30*time.Second, hintTime),
		shift("nbf", 61*time.Second, hintTime), shift("nbf", time.Hour, hintTime),
		claim("nbf", fmt.Sprint(time.Now().Add(time.Hour).Unix()), hintTime),
		shift("iat", time.Hour, ""), claim("iat", nil, ""), claim("iat", fmt.Sprint(time.Now().Unix()), hintTime),

		claim("iss", strings.ToUpper(iss), hintIss), claim("iss", iss+"/", hintIss), claim("iss", strings.TrimSuffix(iss, "/")+"x", hintIss),
		claim("iss", "x"+iss, hintIss), claim("iss", iss[:len(iss)-1], hintIss), claim("iss", nil, hintIss), claim("iss", "", hintIss),
		claim("iss", []any{iss}, hintIss), claim("iss", " "+iss, hintIss), claim("iss", "https://attacker.example/", hintIss),

		claim("aud", strings.ToUpper(aud), hintIss), claim("aud", aud+"x", hintIss), claim("aud", aud[:len(aud)-1], hintIss),
		claim("aud", "x"+aud, hintIss), claim("aud", nil, hintIss), claim("aud", "", hintIss), claim("aud", []any{}, hintIss),
		claim("aud", []any{aud}, ""), claim("aud", []any{aud, "another-service"}, ""), claim("aud", []any{"another-service"}, hintIss),
		claim("aud", aud+",another-service", hintIss), claim("aud", aud+" another-service", hintIss), claim("aud", []any{aud, 7}, hintIss),
		claim("aud", "another-service", hintIss),

		claim("admin", true, ""), claim("role", "admin", ""), claim("jti", probe.Random(8), ""),
	}
	return gens
}

// withPayloadClaim replaces one claim in the payload of a signed token and
// keeps the old signature.
func withPayloadClaim(raw, name string, value any) string {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return raw
	}
	enc := base64.RawURLEncoding
	b, err := enc.DecodeString(parts[1])
	if err != nil {
		return raw
	}
	claims := map[string]any{}
	if json.Unmarshal(b, &claims) != nil {
		return raw
	}
	claims[name] = value
	b, _ = json.Marshal(claims)
	return parts[0] + "." + enc.EncodeToString(b) + "." + parts[2]
}

// SubjectGens change who the token says it is for: the identity a stage
// that looks users up must take from sub, exactly, and nowhere else.
func (f *Fixture) SubjectGens() []oracle.Gen {
	u := f.Account.User
	hint := hintSub
	return []oracle.Gen{
		claim("sub", nil, hint), claim("sub", "", hint), claim("sub", strings.ToUpper(u.Username), hint),
		claim("sub", u.Username+" ", hint), claim("sub", "x"+u.Username, hint), claim("sub", u.Username[:len(u.Username)-1], hint),
		claim("sub", "someone-"+probe.Random(4), hint), claim("sub", 1, hint), claim("sub", []any{u.Username}, hint),
		tokenStep(phraseGhostSub.Say(nil), hint, func(t *oracle.Token) {
			t.Claims["sub"], t.Claims["name"] = "ghost-"+probe.Random(4), u.Name
		}),
		tokenStep(phraseGhostName.Say(nil), "", func(t *oracle.Token) { t.Claims["name"] = "Nobody " + probe.Random(3) }),
		claim("name", nil, ""),
	}
}

// PermissionGens change the permissions claim: look-alikes of want, other
// types, other claim names, lists in other orders.
func PermissionGens(want string, others ...string) []oracle.Gen {
	hint := hintPermissions
	set := func(v any) oracle.Gen { return claim("permissions", v, hint) }
	lower, upper := strings.ToLower(want), strings.ToUpper(want)
	gens := []oracle.Gen{
		set(nil), set([]any{}), set([]any{lower}), set([]any{upper}), set([]any{want + "Write"}),
		set([]any{want + " "}), set([]any{" " + want}), set([]any{"Admin." + want}), set([]any{"Org." + want}),
		set([]any{strings.Split(want, ".")[0]}), set([]any{"*"}), set([]any{"Admin.Write"}), set([]any{"Admin"}),
		set(want), set(want + " Admin.Write"), set([]any{want + ",Admin.Write"}), set([]any{want + " Admin.Write"}),
		set([]any{1, want}), set([]any{[]any{want}}), set(map[string]any{want: true}), set(true),
		set([]any{"Guest.Read", want}), set([]any{want, "Guest.Read"}), set([]any{want, want}),
		tokenStep(phraseInScope.Say(nil), hint, func(t *oracle.Token) {
			t.Claims["scope"] = want
			t.Claims["permissions"] = []any{"Guest.Read"}
		}),
		tokenStep(phraseInRoles.Say(nil), hint, func(t *oracle.Token) {
			t.Claims["roles"] = []any{want}
			t.Claims["permissions"] = []any{"Guest.Read"}
		}),
	}
	for _, o := range others {
		gens = append(gens, set([]any{o}), set([]any{o, want}))
	}
	return gens
}

// TokenRefusers are changes that make a valid token one the server must
// refuse: none sent, signed with another key, expired an hour ago.
func TokenRefusers() []oracle.Gen {
	return []oracle.Gen{
		oracle.Fixed(oracle.Step{Name: oracle.PhraseNoAuthorization.Say(nil), Apply: func(d *oracle.Draft) {
			d.Places = nil
		}}),
		tokenStep(phraseAnotherKey.Say(nil), hintKey, func(t *oracle.Token) { t.Key, t.KeyLabel = []byte(probe.Random(32)), "another key" }),
		shift("exp", -time.Hour, hintTime),
	}
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.tokenlab.alg", hintAlg)
	_ = grader.NewPhraseForm("hint.tokenlab.key", hintKey)
	_ = grader.NewPhraseForm("hint.tokenlab.time", hintTime)
	_ = grader.NewPhraseForm("hint.tokenlab.iss", hintIss)
	_ = grader.NewPhraseForm("hint.tokenlab.sub", hintSub)
	_ = grader.NewPhraseForm("hint.tokenlab.permissions", hintPermissions)
)
