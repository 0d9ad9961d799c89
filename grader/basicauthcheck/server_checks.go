package basicauthcheck

import (
	"fmt"
	"net/http"
	"os"

	"authlab/grader"
	"authlab/grader/probe"
)

// refusals are the requests the middleware must refuse, each with the
// chapter's answer: 401 and a challenge when no credential was sent, 403
// when a wrong one was.
var refusals = []probe.RefusalCheck[string]{
	{
		ID: "missing-header-401", Name: "No Authorization header is answered 401 with WWW-Authenticate: Bearer",
		Requests: []probe.RefusedRequest[string]{{Sent: phraseNoAuthHeader.Say(nil)}},
		Want:     probe.NoCredential, Expect: stopsWith(401),
		Hint: "When r.Header.Get(\"Authorization\") is empty, set WWW-Authenticate: Bearer, answer 401 and return without calling next.",
	},
	{
		ID: "empty-header-401", Name: "An empty Authorization header is answered 401",
		Requests: []probe.RefusedRequest[string]{{
			Sent:          phraseEmptyAuthHeader.Say(nil),
			Authorization: func(string) string { return "" },
		}},
		Want: probe.NoCredential, Expect: stopsWith(401),
		Hint: "A header that is present but empty carries no credential: treat it like a missing one (401 and WWW-Authenticate: Bearer).",
	},
	{
		ID: "wrong-secret-403", Name: "A wrong secret is answered 403 and never reaches the server",
		Requests: []probe.RefusedRequest[string]{{
			Sent:          phraseAuthWrongSecret.Say(nil),
			Authorization: func(string) string { return "Bearer " + probe.Random(24) },
		}},
		Want: wrongCredential, Expect: stopsWith(403),
		Hint: "Compare the credential with the secret from the environment and answer 403 (the chapter's rule) when they differ. Return right after writing the error.",
	},
	{
		ID: "wrong-scheme-403", Name: "The right secret under another scheme is answered 403",
		Requests: []probe.RefusedRequest[string]{{
			Sent:          phraseAuthorizationBasicRightSecret.Say(nil),
			Authorization: func(s string) string { return "Basic " + s },
		}, {
			// "Digest " is as long as "Bearer ": it catches code that cuts
			// off the first 7 characters (header[7:]) without reading them.
			Sent:          phraseAuthorizationDigestRightSecret.Say(nil),
			Authorization: func(s string) string { return "Digest " + s },
		}},
		Want: wrongCredential, Expect: stopsWith(403),
		Hint: "Only the Bearer scheme carries the secret here: split the header at the first space and check the scheme with strings.EqualFold before the credential. Cutting off the first 7 characters does not check anything.",
	},
	{
		ID: "raw-secret-403", Name: "The bare secret without a scheme is answered 403",
		Requests: []probe.RefusedRequest[string]{{
			Sent:          phraseAuthNoScheme.Say(nil),
			Authorization: func(s string) string { return s },
		}},
		Want: wrongCredential, Expect: stopsWith(403),
		Hint: "The header must read \"Bearer <secret>\". Do not accept the secret on its own, and do not search for it inside the header.",
	},
	{
		ID: "secret-prefix-403", Name: "Only part of the secret is answered 403",
		Requests: []probe.RefusedRequest[string]{{
			Sent:          phraseAuthMinusLast.Say(nil),
			Authorization: func(s string) string { return "Bearer " + s[:len(s)-1] },
		}},
		Want: wrongCredential, Expect: stopsWith(403),
		Hint: "Compare the whole credential with the whole secret (crypto/subtle.ConstantTimeCompare), not with strings.HasPrefix or strings.Contains.",
	},
	{
		ID: "secret-suffix-403", Name: "The secret followed by extra characters is answered 403",
		Requests: []probe.RefusedRequest[string]{{
			Sent:          phraseAuthorizationBearerSecretX.Say(nil),
			Authorization: func(s string) string { return "Bearer " + s + "x" },
		}, {
			// Catches code that takes the second word of the header
			// (strings.Fields, strings.Split) and ignores the rest.
			Sent:          phraseAuthorizationBearerSecretX2.Say(nil),
			Authorization: func(s string) string { return "Bearer " + s + " x" },
		}},
		Want: wrongCredential, Expect: stopsWith(403),
		Hint: "Compare the whole credential (everything after the first space) with the whole secret (crypto/subtle.ConstantTimeCompare), not with strings.HasPrefix or strings.Contains, and not just the header's second word.",
	},
}

// stopsWith is what a refusal check's card says a correct middleware does.
func stopsWith(status int) string {
	return fmt.Sprintf("%d, and the request never reaches the MCP handler", status)
}

func serverChecks(t Target) []grader.Check {
	var checks []grader.Check
	for _, r := range refusals {
		checks = append(checks, r.Check(withFreshSecret(t)))
	}
	return checks
}

// withFreshSecret returns the start of a refusal check: each call serves
// t's middleware with a new random secret, and returns the secret.
func withFreshSecret(t Target) func() (string, *probe.Lab, error) {
	return func() (string, *probe.Lab, error) {
		secret := probe.Random(24)
		lab, err := start(t, secret)
		return secret, lab, err
	}
}

// start sets the secret in the environment and serves the catalog behind the
// learner's middleware.
func start(t Target, secret string) (*probe.Lab, error) {
	if err := os.Setenv(SecretEnv, secret); err != nil {
		return nil, err
	}
	lab, err := probe.Start(t.Protect)
	if err != nil {
		return nil, grader.Fail(phraseProtectWith.Say(map[string]any{"Env": SecretEnv}), probe.PhraseHandlerNoError.Say(nil),
			probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
	}
	return lab, nil
}

// methodsCheck demands that the middleware guards every HTTP method: a GET
// opens the stream of server messages and a DELETE ends a session, so code
// that checks only POSTs leaves both open to anyone.
func methodsCheck(t Target) grader.Check {
	return probe.RefusalCheck[string]{
		ID: "every-method-guarded", Name: "GET and DELETE are guarded like POST",
		Sends:  "GET /mcp and DELETE /mcp on a live session with no Authorization header, then DELETE with a wrong secret",
		Expect: "401 with WWW-Authenticate: Bearer for the first two, 403 for the last, and none reaches the MCP handler",
		Hint:   "Check the credential before looking at the method: the middleware wraps every request to /mcp, not only the POSTs that carry tool calls.",
		Requests: []probe.RefusedRequest[string]{
			{Method: http.MethodGet, Sent: phraseNoAuthHeader.Say(nil)},
			{Method: http.MethodDelete, Sent: phraseNoAuthHeader.Say(nil)},
			{Method: http.MethodDelete, Sent: phraseAuthWrongSecret.Say(nil), Want: wrongCredential,
				Authorization: func(string) string { return "Bearer " + probe.Random(24) }},
		},
		Want: probe.NoCredential,
	}.Check(withFreshSecret(t))
}
