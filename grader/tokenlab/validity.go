package tokenlab

import (
	"authlab/grader"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"time"

	"authlab/internal/jwtconfig"
)

// Validity is the reference verdict on a token: valid, invalid, or either,
// where the standards leave a correct server the choice.
type Validity int

// The verdicts.
const (
	Invalid Validity = iota
	Valid
	Either
)

// Leeway bounds: a token whose exp passed more than MaxLeeway ago, or
// whose nbf is more than MaxLeeway ahead, must be refused; within the
// window, a server's own clock-skew tolerance decides.
const MaxLeeway = time.Minute

// Judgement is the reference verdict on a token, and its claims when they
// decode.
type Judgement struct {
	Validity Validity
	Claims   map[string]any
	Why      grader.Phrase // why it is invalid, or why the server may choose
}

// Judge decides whether raw is a valid access token for cfg at now, by
// RFC 7519, RFC 7515 and RFC 8725 as the lab applies them: HS256 only,
// signed with cfg's key, exp required, nbf honoured, NumericDates that are
// JSON numbers, iss exactly cfg.Issuer, aud exactly cfg.Audience or a list
// holding it.
func Judge(cfg jwtconfig.Config, raw string, now time.Time) Judgement {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return Judgement{Why: phraseWhyNotThreeDotSeparatedParts.Say(nil)}
	}
	enc := base64.RawURLEncoding
	headerJSON, err1 := enc.DecodeString(parts[0])
	payloadJSON, err2 := enc.DecodeString(parts[1])
	sig, err3 := enc.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return Judgement{Why: phraseWhyPartNotBase64url.Say(nil)}
	}
	var header map[string]any
	if json.Unmarshal(headerJSON, &header) != nil {
		return Judgement{Why: phraseWhyHeaderNotJsonObject.Say(nil)}
	}
	if alg, _ := header["alg"].(string); alg != "HS256" {
		return Judgement{Why: phraseWhyAlgorithmNotHs256.Say(nil)}
	}
	mac := hmac.New(sha256.New, cfg.SigningKey)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return Judgement{Why: phraseWhySignatureDoesNotMatch.Say(nil)}
	}
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(payloadJSON))
	dec.UseNumber()
	if dec.Decode(&claims) != nil || claims == nil {
		return Judgement{Why: phraseWhyPayloadNotJsonObject.Say(nil)}
	}
	j := Judgement{Validity: Valid, Claims: claims}
	// Lenient decoders accept base64 with stray bits in the last
	// character; a strict one refuses it. Both are fair.
	for _, p := range parts {
		if b, err := enc.DecodeString(p); err == nil && enc.EncodeToString(b) != p {
			j.either(phraseWhyPartNotCanonicalBase64url.Say(nil))
		}
	}
	if typ, ok := header["typ"]; ok && typ != "JWT" {
		j.either(phraseWhyTypHeaderNotJwt.Say(nil))
	}
	for _, h := range []string{"kid", "jku", "jwk", "x5u", "x5c", "cty"} {
		if _, ok := header[h]; ok {
			j.either(phraseWhyHeaderCarries.Say(map[string]any{"Header": h}))
		}
	}
	secs := float64(now.UnixNano()) / 1e9
	leeway := MaxLeeway.Seconds()
	exp, ok, bad := numericDate(claims, "exp")
	switch {
	case bad:
		return Judgement{Claims: claims, Why: phraseWhyExpNotJsonNumber.Say(nil)}
	case !ok:
		return Judgement{Claims: claims, Why: phraseWhyThereNoExp.Say(nil)}
	case secs > exp+leeway:
		return Judgement{Claims: claims, Why: phraseWhyExpired.Say(nil)}
	case secs >= exp:
		j.either(phraseWhyExpiredLessThanMinuteAgo.Say(nil))
	}
	nbf, ok, bad := numericDate(claims, "nbf")
	switch {
	case bad:
		return Judgement{Claims: claims, Why: phraseWhyNbfNotJsonNumber.Say(nil)}
	case ok && nbf > secs+leeway:
		return Judgement{Claims: claims, Why: phraseWhyNotValidYet.Say(nil)}
	case ok && nbf > secs:
		j.either(phraseWhyNbfLessThanMinuteAhead.Say(nil))
	}
	if _, _, bad := numericDate(claims, "iat"); bad {
		return Judgement{Claims: claims, Why: phraseWhyIatNotJsonNumber.Say(nil)}
	}
	if iat, ok, _ := numericDate(claims, "iat"); ok && iat > secs {
		j.either(phraseWhyIatFuture.Say(nil))
	}
	if sub, ok := claims["sub"]; ok {
		if _, isString := sub.(string); !isString {
			// RFC 7519 makes sub a string; a server that decodes it into a
			// string field refuses the token, one that reads it later finds
			// no user. Either is fair.
			j.either(phraseWhySubNotString.Say(nil))
		}
	}
	if iss, ok := claims["iss"].(string); !ok || iss != cfg.Issuer {
		return Judgement{Claims: claims, Why: phraseWhyIssNotConfiguredIssuer.Say(nil)}
	}
	switch audience(claims["aud"], cfg.Audience) {
	case audienceMissing:
		return Judgement{Claims: claims, Why: phraseWhyAudDoesNotNameConfigured.Say(nil)}
	case audienceAmong:
		j.either(phraseWhyAudNamesOtherAudiencesToo.Say(nil))
	}
	return j
}

// either marks j as a token a correct server may accept or refuse.
func (j *Judgement) either(why grader.Phrase) {
	if j.Validity == Valid {
		j.Validity, j.Why = Either, why
	}
}

// numericDate reads a NumericDate claim: ok when present, bad when present
// but not a JSON number (RFC 7519 §2).
func numericDate(claims map[string]any, name string) (secs float64, ok, bad bool) {
	v, present := claims[name]
	if !present {
		return 0, false, false
	}
	n, isNumber := v.(json.Number)
	if !isNumber {
		return 0, true, true
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, true, true
	}
	return f, true, false
}

type audienceMatch int

const (
	audienceMissing audienceMatch = iota
	audienceExact                 // aud is want, or [want]
	audienceAmong                 // aud is a list holding want and others
)

// audience says whether aud names want: RFC 7519 accepts a list holding
// it; a server may still insist on being the only audience.
func audience(aud any, want string) audienceMatch {
	switch aud := aud.(type) {
	case string:
		if aud == want {
			return audienceExact
		}
	case []any:
		found := false
		for _, a := range aud {
			s, ok := a.(string)
			if !ok {
				return audienceMissing
			}
			found = found || s == want
		}
		switch {
		case found && len(aud) == 1:
			return audienceExact
		case found:
			return audienceAmong
		}
	}
	return audienceMissing
}

// StringList reports whether v, a decoded claim, is absent or a JSON array
// of strings.
func StringList(v any) bool {
	if v == nil {
		return true
	}
	list, ok := v.([]any)
	if !ok {
		return false
	}
	for _, x := range list {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}
