package tokenlab

import "authlab/grader"

// The names of the changes to a token that the token stages explore.
var (
	phraseAlgNone     = grader.NewPhraseForm("step.alg-none", `alg "none" and no signature`)
	phraseHS384       = grader.NewPhraseForm("step.signed-hs384", "signed HS384 with the right key")
	phraseHS512       = grader.NewPhraseForm("step.signed-hs512", "signed HS512 with the right key")
	phraseAlgRS256    = grader.NewPhraseForm("step.alg-rs256", `alg "RS256" over an HS256 signature`)
	phraseAlgLower    = grader.NewPhraseForm("step.alg-lower", `alg "hs256" in lower case`)
	phraseAlgSpace    = grader.NewPhraseForm("step.alg-space", `alg "HS256 " with a space`)
	phraseNoAlg       = grader.NewPhraseForm("step.no-alg", "no alg in the header")
	phraseTypAtJWT    = grader.NewPhraseForm("step.typ-at-jwt", `typ "at+jwt"`)
	phraseNoTyp       = grader.NewPhraseForm("step.no-typ", "no typ in the header")
	phraseKid         = grader.NewPhraseForm("step.kid", `kid "../../../dev/null" in the header`)
	phraseJku         = grader.NewPhraseForm("step.jku", `jku "http://attacker.example/keys" in the header`)
	phraseAnotherKey  = grader.NewPhraseForm("step.another-key", "signed with another key")
	phraseEmptyKey    = grader.NewPhraseForm("step.empty-key", "signed with an empty key")
	phraseKeyMinus    = grader.NewPhraseForm("step.key-minus-byte", "signed with the key minus its last byte")
	phraseKeyPlus     = grader.NewPhraseForm("step.key-plus-byte", "signed with the key plus one byte")
	phraseKeyUpper    = grader.NewPhraseForm("step.key-upper", "signed with the key in upper case")
	phraseNoSignature = grader.NewPhraseForm("step.no-signature", "the signature left off (header.payload.)")
	phraseResignedSub = grader.NewPhraseForm("step.changed-after-signing-sub", "the claims changed after signing (sub: admin), the signature kept")
	phraseResignedExp = grader.NewPhraseForm("step.changed-after-signing-exp", "the claims changed after signing (exp a year ahead), the signature kept")
	phraseFourthPart  = grader.NewPhraseForm("step.fourth-part", "a fourth part appended to the token")
	phrasePadded      = grader.NewPhraseForm("step.padded", "the token padded with =")
	phraseGhostSub    = grader.NewPhraseForm("step.ghost-sub", "sub of an unknown user, name of the real one")
	phraseGhostName   = grader.NewPhraseForm("step.ghost-name", "name of an unknown user")
	phraseInScope     = grader.NewPhraseForm("step.permission-in-scope", "the permission in a scope claim, not in permissions")
	phraseInRoles     = grader.NewPhraseForm("step.permission-in-roles", "the permission in a roles claim, not in permissions")
)
