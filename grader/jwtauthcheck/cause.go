package jwtauthcheck

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"

	"github.com/golang-jwt/jwt/v5"
)

// Naming the cause of a failure: a check sees only what the server
// answered; asking the learner's own ParseToken, and the reference
// validator, tells which part of their code is wrong.

// hintHeader is the hint when ParseToken accepts a token the middleware
// refused.
const hintHeader = "Your ParseToken is right; the middleware does not hand it the token. Read r.Header.Get(\"Authorization\"), " +
	"cut it at the first space (strings.Cut), compare the scheme with strings.EqualFold(scheme, \"Bearer\"), drop the spaces " +
	"that follow (strings.TrimLeft) and pass ParseToken the rest."

// askParseToken runs the learner's ParseToken on raw, turning a panic into
// an error that says so. ok is false when the target has none to ask.
func askParseToken(t Target, cfg jwtconfig.Config, raw string) (err error, ok bool) {
	if t.ParseToken == nil {
		return nil, false
	}
	defer func() {
		if p := recover(); p != nil {
			err, ok = fmt.Errorf("it panicked: %v", p), true
		}
	}()
	return t.ParseToken(cfg, raw), true
}

// explainRefusedToken adds to err, the failure of a request with the valid
// token raw that never got through, whether the learner's ParseToken
// refuses raw (the parsing is wrong) or accepts it (the middleware never
// asked it about this token), and sets the hint that follows.
func explainRefusedToken(t Target, cfg jwtconfig.Config, raw string, err error) error {
	f := grader.AsFailure(err)
	if strings.Contains(f.Got, "your code panicked") {
		return f // the panic is the cause
	}
	perr, ok := askParseToken(t, cfg, raw)
	switch {
	case !ok:
		return f
	case perr != nil:
		f.AddGot(phraseParseRefuses.Say(map[string]any{"Err": perr}))
		f.SayHint(parseHint(perr))
	default:
		f.AddGot(phraseParseAccepts.Say(nil))
		f.Hint = hintHeader
	}
	return f
}

// parseHint says what to fix in a ParseToken that refused a valid token
// with err.
func parseHint(err error) grader.Phrase {
	var fix grader.PhraseForm
	switch {
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		fix = phraseFixAudience
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		fix = phraseFixIssuer
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		fix = phraseFixSignature
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		fix = phraseFixDates
	default:
		fix = phraseFixParse
	}
	return phraseValidTokenHere.Say(map[string]any{"Fix": fix.Say(nil)})
}

// The hint of a ParseToken that refused a valid token: what a valid token
// is here, then what to fix.
var (
	phraseValidTokenHere = grader.NewPhraseForm("hint.jwtauthcheck.valid-token-here",
		"A valid token here is HS256, signed with cfg.SigningKey, with iss cfg.Issuer, aud cfg.Audience and exp ahead. {{.Fix}}")
	phraseFixAudience = grader.NewPhraseForm("hint.jwtauthcheck.fix-audience",
		"Your ParseToken refuses its audience: pass jwt.WithAudience(cfg.Audience).")
	phraseFixIssuer = grader.NewPhraseForm("hint.jwtauthcheck.fix-issuer",
		"Your ParseToken refuses its issuer: pass jwt.WithIssuer(cfg.Issuer).")
	phraseFixSignature = grader.NewPhraseForm("hint.jwtauthcheck.fix-signature",
		"Your ParseToken cannot verify its signature: the key function must return cfg.SigningKey (a []byte), and "+
			"jwt.WithValidMethods must list \"HS256\".")
	phraseFixDates = grader.NewPhraseForm("hint.jwtauthcheck.fix-dates",
		"Your ParseToken judges its dates wrongly: let golang-jwt compare exp, nbf and iat with the clock.")
	phraseFixParse = grader.NewPhraseForm("hint.jwtauthcheck.fix-parse",
		"Call jwt.ParseWithClaims(raw, &Claims{}, keyFunc, options...) and return its error as it is.")
)

// explainIssuedToken names why a token the login issued does not verify
// with the reference rules, and whether the learner's own ParseToken
// accepts it all the same.
func explainIssuedToken(t Target, f *tokenlab.Fixture, raw string) grader.Phrase {
	why := tokenlab.Judge(f.Cfg, raw, time.Now()).Why
	if why.Text == "" {
		why = phraseReferenceRefuses.Say(nil)
	}
	if perr, ok := askParseToken(t, f.Cfg, raw); ok && perr == nil {
		why = phraseSameMistake.Say(map[string]any{"Why": why})
	}
	return why
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.jwtauthcheck.header", hintHeader)
)
