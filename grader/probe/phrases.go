package probe

import "authlab/grader"

// Texts every stage's failures say: what a constructor or a request should
// have given, and what it gave.
var (
	PhraseHandlerNoError    = grader.NewPhraseForm("common.handler-no-error", "a handler and no error")
	PhraseErrorSaid         = grader.NewPhraseForm("common.error", "error: {{.Err}}")
	PhraseAnError           = grader.NewPhraseForm("common.an-error", "an error")
	PhraseErrorNoHandler    = grader.NewPhraseForm("common.error-no-handler", "an error and no handler")
	PhraseErrorAndHandler   = grader.NewPhraseForm("common.error-and-handler", "an error, but also a handler")
	PhraseAnAnswer          = grader.NewPhraseForm("common.an-answer", "an answer")
	PhraseMethodNoAuth      = grader.NewPhraseForm("common.method-no-auth", "{{.Method}} /mcp with no Authorization header")
	phraseClientChanged     = grader.NewPhraseForm("process.client-changed", "http.DefaultClient was changed (its Transport is now {{.Type}})")
	phraseTransportReplaced = grader.NewPhraseForm("process.transport-replaced", "http.DefaultTransport was replaced (it is now {{.Type}})")
	phraseTransportInsecure = grader.NewPhraseForm("process.transport-insecure", "http.DefaultTransport no longer verifies certificates (InsecureSkipVerify is now true)")
	phraseTransportModified = grader.NewPhraseForm("process.transport-modified", "http.DefaultTransport was modified (its Proxy, DialContext or TLSClientConfig)")
	phraseEnvChanged        = grader.NewPhraseForm("process.env-changed", "the environment changed: {{.Changes}}")
	phraseEnvSet            = grader.NewPhraseForm("process.env-set", "{{.Name}} set to {{.Value}}")
	phraseEnvChangedTo      = grader.NewPhraseForm("process.env-changed-to", "{{.Name}} changed to {{.Value}}")
	phraseEnvRemoved        = grader.NewPhraseForm("process.env-removed", "{{.Name}} removed")
	phraseEnvList           = grader.NewPhraseForm("process.env-list", "{{.First}}, {{.Next}}")
)

// The names of the secrets a failure says leaked.
var (
	PhraseSecretNearMissOfSecret          = grader.NewPhraseForm("secret.a-near-miss-of-the-secret", "a near miss of the secret")
	PhraseSecretTokenSignedWithAnotherKey = grader.NewPhraseForm("secret.a-token-signed-with-another-key", "a token signed with another key")
	PhraseSecretTokenThatWasSent          = grader.NewPhraseForm("secret.a-token-that-was-sent", "a token that was sent")
	PhraseSecretValidToken                = grader.NewPhraseForm("secret.a-valid-token", "a valid token")
	PhraseSecretExpiredToken              = grader.NewPhraseForm("secret.an-expired-token", "an expired token")
	PhraseSecretCookieRequestCarried      = grader.NewPhraseForm("secret.the-cookie-the-request-carried", "the cookie the request carried")
	PhraseSecretPassword                  = grader.NewPhraseForm("secret.the-password", "the password")
	PhraseSecretPasswordSHash             = grader.NewPhraseForm("secret.the-password-s-hash", "the password's hash")
	PhraseSecretQueryValueRequestCarried  = grader.NewPhraseForm("secret.the-query-value-the-request-carried", "the query value the request carried")
	PhraseSecretSecret                    = grader.NewPhraseForm("secret.the-secret", "the secret")
	PhraseSecretSecretGivenToListtools    = grader.NewPhraseForm("secret.the-secret-given-to-listtools", "the secret given to ListTools")
	PhraseSecretSigningKey                = grader.NewPhraseForm("secret.the-signing-key", "the signing key")
	PhraseSecretSigningKeyBase64          = grader.NewPhraseForm("secret.the-signing-key-base64", "the signing key (base64)")
	PhraseSecretSigningKeyBase64url       = grader.NewPhraseForm("secret.the-signing-key-base64url", "the signing key (base64url)")
	PhraseSecretSigningKeyHex             = grader.NewPhraseForm("secret.the-signing-key-hex", "the signing key (hex)")
	PhraseSecretToken                     = grader.NewPhraseForm("secret.the-token", "the token")
	PhraseSecretTokenYourLoginIssued      = grader.NewPhraseForm("secret.the-token-your-login-issued", "the token your login issued")
)
