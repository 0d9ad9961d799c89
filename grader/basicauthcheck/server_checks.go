package basicauthcheck

import (
	"context"
	"fmt"
	"os"
	"strings"

	"net/http"

	"authlab/grader"
	"authlab/grader/probe"
)

// denial describes a kind of request the middleware must refuse.
type denial struct {
	id, name, hint string
	// requests are sent in turn on the same session, and each must be
	// refused. Most denials need one; a second catches code that refuses the
	// first by accident.
	requests []badRequest
	status   int
}

// badRequest is one request of a denial.
type badRequest struct {
	sent   grader.Phrase                      // how the request is described to the learner
	header func(secret string) (string, bool) // the Authorization value, and whether to send it at all
}

var denials = []denial{
	{
		id: "missing-header-401", name: "No Authorization header is answered 401 with WWW-Authenticate: Bearer",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseNoAuthHeader.Say(nil)}),
			header: func(string) (string, bool) { return "", false },
		}},
		status: 401,
		hint:   "When r.Header.Get(\"Authorization\") is empty, set WWW-Authenticate: Bearer, answer 401 and return without calling next.",
	},
	{
		id: "empty-header-401", name: "An empty Authorization header is answered 401",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseEmptyAuthHeader.Say(nil)}),
			header: func(string) (string, bool) { return "", true },
		}},
		status: 401,
		hint:   "A header that is present but empty carries no credential: treat it like a missing one (401 and WWW-Authenticate: Bearer).",
	},
	{
		id: "wrong-secret-403", name: "A wrong secret is answered 403 and never reaches the server",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthWrongSecret.Say(nil)}),
			header: func(string) (string, bool) { return "Bearer " + probe.Random(24), true },
		}},
		status: 403,
		hint:   "Compare the credential with the secret from the environment and answer 403 (the chapter's rule) when they differ. Return right after writing the error.",
	},
	{
		id: "wrong-scheme-403", name: "The right secret under another scheme is answered 403",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthSchemeRight.Say(map[string]any{"Scheme": "Basic"})}),
			header: func(s string) (string, bool) { return "Basic " + s, true },
		}, {
			// "Digest " is as long as "Bearer ": it catches code that cuts
			// off the first 7 characters (header[7:]) without reading them.
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthSchemeRight.Say(map[string]any{"Scheme": "Digest"})}),
			header: func(s string) (string, bool) { return "Digest " + s, true },
		}},
		status: 403,
		hint:   "Only the Bearer scheme carries the secret here: split the header at the first space and check the scheme with strings.EqualFold before the credential. Cutting off the first 7 characters does not check anything.",
	},
	{
		id: "raw-secret-403", name: "The bare secret without a scheme is answered 403",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthNoScheme.Say(nil)}),
			header: func(s string) (string, bool) { return s, true },
		}},
		status: 403,
		hint:   "The header must read \"Bearer <secret>\". Do not accept the secret on its own, and do not search for it inside the header.",
	},
	{
		id: "secret-prefix-403", name: "Only part of the secret is answered 403",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthMinusLast.Say(nil)}),
			header: func(s string) (string, bool) { return "Bearer " + s[:len(s)-1], true },
		}},
		status: 403,
		hint:   "Compare the whole credential with the whole secret (crypto/subtle.ConstantTimeCompare), not with strings.HasPrefix or strings.Contains.",
	},
	{
		id: "secret-suffix-403", name: "The secret followed by extra characters is answered 403",
		requests: []badRequest{{
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthSecretThen.Say(map[string]any{"Suffix": "x"})}),
			header: func(s string) (string, bool) { return "Bearer " + s + "x", true },
		}, {
			// Catches code that takes the second word of the header
			// (strings.Fields, strings.Split) and ignores the rest.
			sent:   phraseCallCreateWith.Say(map[string]any{"What": phraseAuthSecretThen.Say(map[string]any{"Suffix": " x"})}),
			header: func(s string) (string, bool) { return "Bearer " + s + " x", true },
		}},
		status: 403,
		hint:   "Compare the whole credential (everything after the first space) with the whole secret (crypto/subtle.ConstantTimeCompare), not with strings.HasPrefix or strings.Contains, and not just the header's second word.",
	},
}

func serverChecks(t Target) []grader.Check {
	var checks []grader.Check
	for _, d := range denials {
		var sends []string
		for _, r := range d.requests {
			sends = append(sends, r.sent.Text)
		}
		checks = append(checks, grader.Check{
			ID: d.id, Name: d.name, Sends: strings.Join(sends, "; then "), Hint: d.hint,
			Expect: fmt.Sprintf("%d, and the request never reaches the MCP handler", d.status),
			Run:    func(ctx context.Context) error { return runDenial(ctx, t, d) },
		})
	}
	return checks
}

// runDenial sends each of d's requests, a tools/call create_product on a
// live session (opened behind the learner's back) with a bad Authorization
// header, and demands the expected status, no pass-through and no tool run.
func runDenial(ctx context.Context, t Target, d denial) error {
	secret := probe.Random(24)
	lab, err := start(t, secret)
	if err != nil {
		return err
	}
	defer lab.Close()

	session, closeSession, err := lab.DirectSession(ctx)
	if err != nil {
		return err
	}
	defer closeSession()

	for _, r := range d.requests {
		if err := deny(ctx, lab, session, secret, r, d.status); err != nil {
			return err
		}
	}
	return nil
}

// deny sends r on session and checks it was refused with status.
func deny(ctx context.Context, lab *probe.Lab, session, secret string, r badRequest, status int) error {
	headers := map[string]string{}
	if value, send := r.header(secret); send {
		headers["Authorization"] = value
	}
	want := probe.Refusal{Status: status, Challenge: status == http.StatusUnauthorized}
	return lab.ExpectRefused(ctx, session, r.sent, headers, want)
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
	return grader.Check{
		ID: "every-method-guarded", Name: "GET and DELETE are guarded like POST",
		Sends:  "GET /mcp and DELETE /mcp on a live session with no Authorization header, then DELETE with a wrong secret",
		Expect: "401 with WWW-Authenticate: Bearer for the first two, 403 for the last, and none reaches the MCP handler",
		Hint:   "Check the credential before looking at the method: the middleware wraps every request to /mcp, not only the POSTs that carry tool calls.",
		Run: func(ctx context.Context) error {
			secret := probe.Random(24)
			lab, err := start(t, secret)
			if err != nil {
				return err
			}
			defer lab.Close()
			session, closeSession, err := lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			noCredential := probe.Refusal{Status: http.StatusUnauthorized, Challenge: true}
			for _, method := range []string{http.MethodGet, http.MethodDelete} {
				if err := lab.ExpectMethodRefused(ctx, session, method, probe.PhraseMethodNoAuth.Say(map[string]any{"Method": method}), nil, noCredential); err != nil {
					return err
				}
			}
			wrong := map[string]string{"Authorization": "Bearer " + probe.Random(24)}
			return lab.ExpectMethodRefused(ctx, session, http.MethodDelete, phraseMethodWrong.Say(nil), wrong, probe.Refusal{Status: http.StatusForbidden})
		},
	}
}
