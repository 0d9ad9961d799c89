package oauthcheck

import "authlab/grader"

// The phrases stage 6's failures say, which the Korean catalog translates
// (internal/i18n/locales/phrases.ko.toml, phrase.oauth.*).
var (
	phraseWantMetadata        = grader.NewPhraseForm("oauth.want-metadata", "200 with JSON whose resource is {{.Resource}}, authorization_servers lists {{.Issuer}} and scopes_supported lists {{.Scope}}")
	phraseNotJSON             = grader.NewPhraseForm("oauth.not-json", "a body that is not JSON metadata ({{.Err}}): {{.Body}}")
	phraseMetadataResource    = grader.NewPhraseForm("oauth.metadata-resource", "resource {{.Resource}}")
	phraseMetadataServers     = grader.NewPhraseForm("oauth.metadata-servers", "authorization_servers {{.Servers}}")
	phraseMetadataScopes      = grader.NewPhraseForm("oauth.metadata-scopes", "scopes_supported {{.Scopes}}")
	phraseSentMetadataFrom401 = grader.NewPhraseForm("oauth.sent-metadata-from-401", "GET {{.URL}} (the resource_metadata of the 401)")
	phraseSentNoToken         = grader.NewPhraseForm("oauth.sent-no-token", "initialize with no Authorization header")
	phraseWantNoToken         = grader.NewPhraseForm("oauth.want-no-token", `401, WWW-Authenticate: Bearer resource_metadata="<the metadata's URL>", scope="<the scope>"`)
	phraseReached             = grader.NewPhraseForm("oauth.reached", "but the request reached the MCP server: return right after refusing")
	phraseNotBearer           = grader.NewPhraseForm("oauth.not-bearer", "not a Bearer challenge")
	phraseScopeNotNamed       = grader.NewPhraseForm("oauth.scope-not-named", "the challenge's scope does not name {{.Scope}}")
	phraseNoResourceMetadata  = grader.NewPhraseForm("oauth.no-resource-metadata", "the challenge has no resource_metadata")
	phraseMetadataElsewhere   = grader.NewPhraseForm("oauth.metadata-elsewhere", "resource_metadata is not on this server ({{.Base}})")
	phraseSentMethod          = grader.NewPhraseForm("oauth.sent-method", "{{.Method}} /mcp with no Authorization header")
	phraseWantEachGuarded     = grader.NewPhraseForm("oauth.want-each-guarded", "401 for each, with a Bearer challenge")
	phraseSentQueryToken      = grader.NewPhraseForm("oauth.sent-query-token", "initialize with a valid token in the URL (?access_token=…) and no Authorization header")
	phraseWantHeaderOnly      = grader.NewPhraseForm("oauth.want-header-only", "401: a token is read from the Authorization header only")
	phraseSentAttack          = grader.NewPhraseForm("oauth.sent-attack", "initialize with {{.Token}}")
	phraseWantInvalidToken    = grader.NewPhraseForm("oauth.want-invalid-token", `401, WWW-Authenticate: Bearer error="invalid_token", resource_metadata="…", and the request never reaches the MCP server`)
	phraseSentNoScope         = grader.NewPhraseForm("oauth.sent-no-scope", "initialize with a valid token whose scope lacks the one the server requires")
	phraseWantStepUp403       = grader.NewPhraseForm("oauth.want-step-up-403", `403, WWW-Authenticate: Bearer error="insufficient_scope", scope="<the required scope>"`)
	phraseSentRotation        = grader.NewPhraseForm("oauth.sent-rotation", "initialize with a valid token; then the authorization server rotates its key, and initialize with a token signed by the new key")
	phraseWantRotation        = grader.NewPhraseForm("oauth.want-rotation", "200 for both: an unknown kid makes the server fetch the JWKS again")
	phraseBeforeRotation      = grader.NewPhraseForm("oauth.before-rotation", "for the first valid token, before the rotation")
	phraseAfterRotation       = grader.NewPhraseForm("oauth.after-rotation", "for the token signed with the new key")
	phraseSentValid           = grader.NewPhraseForm("oauth.sent-valid", "initialize with a valid token")
	phraseWant200             = grader.NewPhraseForm("oauth.want-200", "200 and an initialized session")
	phraseSentFlood           = grader.NewPhraseForm("oauth.sent-flood", "initialize with a valid token, then {{.N}} tokens signed with foreign keys, each under a kid of its own")
	phraseWantFewFetches      = grader.NewPhraseForm("oauth.want-few-fetches", "401 for each forged token, and at most 2 more fetches of the JWKS for all of them")
	phraseForgedAccepted      = grader.NewPhraseForm("oauth.forged-accepted", "for a forged token")
	phraseFetches             = grader.NewPhraseForm("oauth.fetches", "{{.Fetches}} fetches of the JWKS for {{.N}} forged tokens")
	phraseSentConcurrent      = grader.NewPhraseForm("oauth.sent-concurrent", "{{.N}} initialize requests at once, every other one with an expired token")
	phraseWantConcurrent      = grader.NewPhraseForm("oauth.want-concurrent", "200 for each valid token, 401 for each expired one")
	phraseConcurrentGot       = grader.NewPhraseForm("oauth.concurrent-got", "request {{.I}} ({{.Kind}} token): {{.Status}}")
	phraseSentStock           = grader.NewPhraseForm("oauth.sent-stock", "tools/call check_stock with a valid token")
	phraseWantStock           = grader.NewPhraseForm("oauth.want-stock", "the inventory's answer, the inventory called with the server's own key and never with the caller's token")
	phraseCallFailed          = grader.NewPhraseForm("oauth.call-failed", "the call failed: {{.Err}}")
	phraseTokenForwarded      = grader.NewPhraseForm("oauth.token-forwarded", "request {{.I}} to the inventory carried the caller's token")
	phraseWrongCredential     = grader.NewPhraseForm("oauth.wrong-credential", "request {{.I}} to the inventory had Authorization {{.Auth}}, not the server's key")
	phraseNoInventoryAnswer   = grader.NewPhraseForm("oauth.no-inventory-answer", "a result without the inventory's answer: {{.Result}}")
	phraseSentSDK             = grader.NewPhraseForm("oauth.sent-sdk", "the go-sdk's OAuth client (auth.AuthorizationCodeHandler), told only the MCP URL, then tools/call list_products")
	phraseWantSDK             = grader.NewPhraseForm("oauth.want-sdk", "401 → resource metadata → authorization server metadata → authorize → token → the tool's result")
	phraseNoTokenNeeded       = grader.NewPhraseForm("oauth.no-token-needed", "the client got in without a token: the MCP endpoint never answered 401")
	phraseSentStepUp          = grader.NewPhraseForm("oauth.sent-step-up", "the go-sdk's OAuth client holding a token with another scope only, then tools/call list_products")
	phraseWantStepUp          = grader.NewPhraseForm("oauth.want-step-up", "403 insufficient_scope → a second authorization, for the scope too → the tool's result")
	phraseLetInWithout        = grader.NewPhraseForm("oauth.let-in-without", "a token with {{.Scope}} only was let in")
	phraseNeverSteppedUp      = grader.NewPhraseForm("oauth.never-stepped-up", "the client never stepped up")
	phraseCouldNotConnect     = grader.NewPhraseForm("oauth.could-not-connect", "the client could not connect: {{.Err}}")
	phraseToolFailed          = grader.NewPhraseForm("oauth.tool-failed", "tools/call list_products: {{.Err}} {{.Result}}")
)

// The hints that follow the cause a check found, and the detail that lists
// the client's requests.
var (
	phraseHintBehindMiddleware = grader.NewPhraseForm("oauth.hint-behind-middleware",
		"Put the MCP handler behind your bearer middleware, so that a request with no token is refused.")
	phraseHintResourceExact = grader.NewPhraseForm("oauth.hint-resource-exact",
		"resource must be the MCP endpoint's URL byte for byte (RFC 9728 §3.3: a client refuses metadata for another resource): use cfg.Resource as it is.")
	phraseHintNoErrorWithoutToken = grader.NewPhraseForm("oauth.hint-no-error-without-token",
		"Leave error= out when no token was sent (RFC 6750 §3.1): there was no token to be invalid.")
	phraseHintInvalidToken = grader.NewPhraseForm("oauth.hint-invalid-token",
		`Say why in the challenge: WWW-Authenticate: Bearer error="invalid_token" (RFC 6750 §3.1), so a client knows to get a new token.`)
	phraseHintEvery401Metadata = grader.NewPhraseForm("oauth.hint-every-401-metadata",
		`Every 401 carries resource_metadata="…" (MCP authorization, RFC 9728 §5.1): a client whose token went bad finds the authorization server again from it.`)
	phraseClientRequests = grader.NewPhraseForm("oauth.client-requests", "the client's requests:\n  {{.Requests}}")
)
