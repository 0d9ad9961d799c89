package pertoolcheck

import "authlab/grader"

// The texts of what the reference map expects and of why an answer is not
// it.
var (
	phraseNoPermissions = grader.NewPhraseForm("pertool.no-permissions", "no permissions")
	phraseCallerHolds   = grader.NewPhraseForm("pertool.caller-holds", "the caller holds {{.Held}}")
	phraseListOr        = grader.NewPhraseForm("pertool.list-or", "{{.First}} or {{.Rest}}")
	phraseWantList      = grader.NewPhraseForm("pertool.want-list", "tools/list shows exactly {{.Lists}} ({{.Who}})")
	phraseWhy           = grader.NewPhraseForm("pertool.why", "{{.Who}}, and {{.Accepts}}")
	phraseWantAllow     = grader.NewPhraseForm("pertool.want-allow", "tools/call {{.Tool}} gets through your check, and the tool's own answer comes back ({{.Why}})")
	phraseWantDeny      = grader.NewPhraseForm("pertool.want-deny", "a tool error (isError: true) naming {{.Tool}}, and the tool never runs ({{.Why}})")
	phraseWantEither    = grader.NewPhraseForm("pertool.want-either", "either answer: your map may or may not open {{.Tool}} to this caller ({{.Why}})")
	phraseNotInMap      = grader.NewPhraseForm("pertool.not-in-map", "{{.Tool}} is not in the map, so nobody may call it")
	phraseAccepts       = grader.NewPhraseForm("pertool.accepts", "{{.Tool}} accepts {{.Perms}}")
	phraseAcceptsMay    = grader.NewPhraseForm("pertool.accepts-may", "{{.Tool}} accepts {{.Perms}} (and, if your map says so, {{.May}})")

	phraseRefusedAllowed = grader.NewPhraseForm("pertool.refused-allowed", "your check refused a call it must let through")
	phraseRPCNotBack     = grader.NewPhraseForm("pertool.rpc-not-back", "the server answered with a JSON-RPC error, but that is not what came back")
	phraseNotOwnAnswer   = grader.NewPhraseForm("pertool.not-own-answer", "your check let the call through but did not hand back the tool's own answer")
	phraseNoTokenInfo    = grader.NewPhraseForm("pertool.no-token-info", "the tool learned nothing of its caller (no auth.TokenInfo)")
	phraseToldOther      = grader.NewPhraseForm("pertool.told-other", "the tool was told it was user {{.User}} with {{.Held}}, not {{.WantUser}} with {{.WantHeld}}")
	phraseRanThenRefused = grader.NewPhraseForm("pertool.ran-then-refused", "the tool {{.Tools}} ran, and only then came the refusal")
	phraseRanThrough     = grader.NewPhraseForm("pertool.ran-through", "the tool {{.Tools}} ran: your check let the call through")
	phraseLetThrough     = grader.NewPhraseForm("pertool.let-through", "your check let the call through to the server (calling next); only the server's own checks stopped it")
	phraseRPCInstead     = grader.NewPhraseForm("pertool.rpc-instead", "a JSON-RPC error instead of a tool error")
	phraseNotToolError   = grader.NewPhraseForm("pertool.not-tool-error", "a result that is not a tool error (isError is not true)")
	phraseNotNaming      = grader.NewPhraseForm("pertool.not-naming", "the tool error does not name {{.Tool}}")
	phraseNoList         = grader.NewPhraseForm("pertool.no-list", "no tool list came back")
	phraseShowsExtra     = grader.NewPhraseForm("pertool.shows-extra", "it shows {{.Tools}}, which the caller may not call")
	phraseHidesMissing   = grader.NewPhraseForm("pertool.hides-missing", "it hides {{.Tools}}, which the caller may call")
	phraseShowsBoth      = grader.NewPhraseForm("pertool.shows-both", "it shows {{.Extra}}, which the caller may not call; it hides {{.Missing}}, which the caller may call")
	phraseShowsTwice     = grader.NewPhraseForm("pertool.shows-twice", "it shows a tool more than once")

	phraseNotJSONRPC    = grader.NewPhraseForm("pertool.not-json-rpc", "not a JSON-RPC answer: {{.Body}}")
	phraseNeither       = grader.NewPhraseForm("pertool.neither", "a JSON-RPC answer with neither result nor error")
	phraseRPCError      = grader.NewPhraseForm("pertool.rpc-error", "a JSON-RPC error ({{.Message}})")
	phraseTheList       = grader.NewPhraseForm("pertool.the-list", "the list {{.Tools}}")
	phraseAToolError    = grader.NewPhraseForm("pertool.a-tool-error", "a tool error {{.Text}}")
	phraseAResult       = grader.NewPhraseForm("pertool.a-result", "a result {{.Text}}")
	phraseHTTPStatus    = grader.NewPhraseForm("pertool.http-status", "HTTP {{.Status}}, {{.Answer}}")
	phraseBecause       = grader.NewPhraseForm("pertool.because", "{{.Answer}}: {{.Reason}}")
	phraseAnsweredEarly = grader.NewPhraseForm("pertool.answered-earlier", "yet this very request was answered right earlier in this check: answering the requests in between changed something your check reads (the map, a cache, a variable)")
	phraseBlocks        = grader.NewPhraseForm("pertool.blocks", "no answer within {{.Within}}: your code blocks on this request")
	phraseNoAnswer      = grader.NewPhraseForm("pertool.no-answer", "no answer: {{.Err}}")
)
