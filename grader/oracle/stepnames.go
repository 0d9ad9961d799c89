package oracle

import "authlab/grader"

// The names of the steps, which say how a finding changed the valid
// request, and of the whole change.
var (
	phraseChanged      = grader.NewPhraseForm("step.changed", "a valid request changed this way: {{.Changes}}")
	phraseUnchanged    = grader.NewPhraseForm("step.unchanged", "the base request, unchanged")
	phraseThen         = grader.NewPhraseForm("step.then", "{{.First}}; then {{.Rest}}")
	phraseSentAs       = grader.NewPhraseForm("step.sent-as", "sent as {{.Method}}")
	phraseSentTo       = grader.NewPhraseForm("step.sent-to", "sent to {{.Path}}")
	phraseSchemeLower  = grader.NewPhraseForm("step.scheme-lower", "the scheme in lower case (bearer)")
	phraseSchemeUpper  = grader.NewPhraseForm("step.scheme-upper", "the scheme in upper case (BEARER)")
	phraseSchemeMixed  = grader.NewPhraseForm("step.scheme-mixed", "the scheme in mixed case (bEaReR)")
	phraseTwoSpaces    = grader.NewPhraseForm("step.two-spaces", "two spaces after the scheme")
	phraseThreeSpaces  = grader.NewPhraseForm("step.three-spaces", "three spaces after the scheme")
	phraseTab          = grader.NewPhraseForm("step.tab", "a tab after the scheme")
	phraseNoSpace      = grader.NewPhraseForm("step.no-space", "no space after the scheme")
	phraseNoScheme     = grader.NewPhraseForm("step.no-scheme", "no scheme at all, the bare credential")
	phraseScheme       = grader.NewPhraseForm("step.scheme", "the scheme {{.Scheme}}")
	phraseSchemeTwice  = grader.NewPhraseForm("step.scheme-twice", "the scheme Bearer written twice")
	phraseAfterCred    = grader.NewPhraseForm("step.after-credential", "{{.Text}} after the credential")
	phraseCredTwiceOne = grader.NewPhraseForm("step.credential-twice-one-scheme", "the credential written twice, after one scheme")
	phraseCharChanged  = grader.NewPhraseForm("step.char-changed", "one character of the credential changed (at {{.At}}%)")
	phraseLastCut      = grader.NewPhraseForm("step.last-cut", "the last character of the credential cut off")
	phraseFirstCut     = grader.NewPhraseForm("step.first-cut", "the first character of the credential cut off")
	phraseFirstHalf    = grader.NewPhraseForm("step.first-half", "only the first half of the credential")
	phraseSecondHalf   = grader.NewPhraseForm("step.second-half", "only the second half of the credential")
	phraseAppended     = grader.NewPhraseForm("step.appended", `"x" appended to the credential`)
	phrasePrepended    = grader.NewPhraseForm("step.prepended", `"x" put before the credential`)
	phraseCredTwice    = grader.NewPhraseForm("step.credential-twice", "the credential written twice")
	phraseCredUpper    = grader.NewPhraseForm("step.credential-upper", "the credential in upper case")
	phraseCredLower    = grader.NewPhraseForm("step.credential-lower", "the credential in lower case")
	phraseSpaceIn      = grader.NewPhraseForm("step.space-in", "a space inserted in the credential (at {{.At}}%)")
	phraseCaseFlipped  = grader.NewPhraseForm("step.case-flipped", "the case of one letter of the credential flipped (at {{.At}}%)")
	phraseEmptyCred    = grader.NewPhraseForm("step.empty-credential", "an empty credential")
	phraseCredValue    = grader.NewPhraseForm("step.credential-value", "the credential {{.Value}}")
	// PhraseNoAuthorization names the step that sends no Authorization header.
	PhraseNoAuthorization = grader.NewPhraseForm("step.no-authorization", "no Authorization header")
	phraseLastChanged     = grader.NewPhraseForm("step.last-changed", "the last character of the credential changed")
	phraseMovedTo         = grader.NewPhraseForm("step.moved-to", "the credential sent in {{.Where}} instead of Authorization")
	phraseAlsoIn          = grader.NewPhraseForm("step.also-in", "the credential also sent in {{.Where}}")
	phraseInURL           = grader.NewPhraseForm("step.in-url", "the URL ({{.Query}})")
	phraseInCookie        = grader.NewPhraseForm("step.in-cookie", "a cookie ({{.Cookie}})")
	phraseInBody          = grader.NewPhraseForm("step.in-body", "the JSON body ({{.Field}})")
	phraseInHeader        = grader.NewPhraseForm("step.in-header", "the header {{.Header}}")
	phraseFormField       = grader.NewPhraseForm("step.form-field", "the credential sent as a form field access_token in the body")
	phraseInMeta          = grader.NewPhraseForm("step.in-meta", "the credential sent in the JSON-RPC params._meta instead of Authorization")
	phraseSecondWrong     = grader.NewPhraseForm("step.second-wrong", "a second Authorization header with a wrong credential")
	phraseSecondEmpty     = grader.NewPhraseForm("step.second-empty", "a second Authorization header, empty")
	phraseSecondSame      = grader.NewPhraseForm("step.second-same", "a second Authorization header with the same value")
	phraseEmptyFirst      = grader.NewPhraseForm("step.empty-first", "an empty Authorization header first, then the real one")
	phraseWrongFirst      = grader.NewPhraseForm("step.wrong-first", "a wrong Authorization header first, then the real one")
	phraseHeaderNamed     = grader.NewPhraseForm("step.header-named", "the header name written {{.Name}}")
	phraseNoAuthAtAll     = grader.NewPhraseForm("step.no-authorization-at-all", "no Authorization header at all")
	phraseEmptyAuth       = grader.NewPhraseForm("step.empty-authorization", "an empty Authorization header")
	phraseHeaderAdded     = grader.NewPhraseForm("step.header-added", "the header {{.Header}}: {{.Value}} added")
	phraseMetaAdded       = grader.NewPhraseForm("step.meta-added", "params._meta.{{.Key}} = {{.Value}} added")
	phraseArgAdded        = grader.NewPhraseForm("step.argument-added", "the tool argument {{.Key}} = {{.Value}} added")
	phraseQueryAdded      = grader.NewPhraseForm("step.query-added", "{{.Query}} added")
	phraseNamedMoved      = grader.NewPhraseForm("step.named-moved", "the credential sent in {{.Where}} instead of Authorization (your code names {{.Name}})")
	phraseFloodMoved      = grader.NewPhraseForm("step.flood-moved", "the credential sent in a {{.Kind}} of every name your code uses, instead of Authorization")
	phraseNamedSet        = grader.NewPhraseForm("step.named-set", "the {{.Kind}} {{.Name}} set to {{.Value}} (your code names {{.Quoted}})")
	phraseFloodSet        = grader.NewPhraseForm("step.flood-set", "a {{.Kind}} of every name your code uses, set to {{.Value}}")
	// PhraseClaimSet and the other token steps name the changes to a token's
	// claims and signature that the token stages explore.
	PhraseClaimSet = grader.NewPhraseForm("step.claim-set", "{{.Claim}} set to {{.Value}}")
	PhraseNoClaim  = grader.NewPhraseForm("step.no-claim", "no {{.Claim}} claim")
	PhraseShifted  = grader.NewPhraseForm("step.shifted", "{{.Claim}} {{.By}} from now")
)

// kindNames name the kinds of place a literal is written in.
var kindNames = map[string]grader.PhraseForm{
	"cookie":        grader.NewPhraseForm("step.kind-cookie", "cookie"),
	"query":         grader.NewPhraseForm("step.kind-query", "query"),
	"header":        grader.NewPhraseForm("step.kind-header", "header"),
	"body":          grader.NewPhraseForm("step.kind-body", "body"),
	"_meta field":   grader.NewPhraseForm("step.kind-meta", "_meta field"),
	"tool argument": grader.NewPhraseForm("step.kind-argument", "tool argument"),
}
