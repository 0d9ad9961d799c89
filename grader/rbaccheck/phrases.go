package rbaccheck

import "authlab/grader"

// The texts of stage 3's failures.
var (
	phraseValidUserRead = grader.NewPhraseForm("rbac.valid-user-read", "Authorization: Bearer <a valid token with User.Read>")
	phraseValidXUser    = grader.NewPhraseForm("rbac.valid-x-user", "Authorization: Bearer <a valid token> and X-User: <another user>")
)
