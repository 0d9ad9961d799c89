package jwtauthcheck

import "authlab/grader"

// The texts of stage 2's failures.
var (
	phraseClaimsSent = grader.NewPhraseForm("jwt.claims-sent", "a tools/call with a valid token, X-User-Id: <another user> and X-Permissions: Admin.Write")
	phraseValidToken = grader.NewPhraseForm("jwt.valid-token", "Authorization: Bearer <a valid token>")
)
