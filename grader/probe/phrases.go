package probe

import "authlab/grader"

// Texts every stage's failures say: what a constructor or a request should
// have given, and what it gave.
var (
	PhraseHandlerNoError  = grader.NewPhraseForm("common.handler-no-error", "a handler and no error")
	PhraseErrorSaid       = grader.NewPhraseForm("common.error", "error: {{.Err}}")
	PhraseAnError         = grader.NewPhraseForm("common.an-error", "an error")
	PhraseErrorNoHandler  = grader.NewPhraseForm("common.error-no-handler", "an error and no handler")
	PhraseErrorAndHandler = grader.NewPhraseForm("common.error-and-handler", "an error, but also a handler")
	PhraseAnAnswer        = grader.NewPhraseForm("common.an-answer", "an answer")
	PhraseMethodNoAuth    = grader.NewPhraseForm("common.method-no-auth", "{{.Method}} /mcp with no Authorization header")
)
