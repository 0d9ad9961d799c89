package basicauthcheck

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
)

func accessChecks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "right-secret-works", Name: "The right secret opens a session, lists the tools and calls one",
			Sends:  "a real MCP client with Authorization: Bearer <the right secret>: initialize, tools/list, tools/call list_products",
			Expect: "every request succeeds, the four catalog tools are listed and list_products really runs",
			Hint:   "When the credential matches, call next.ServeHTTP(w, r) and write nothing yourself.",
			Run: func(ctx context.Context) error {
				return runSession(ctx, t, "Bearer")
			},
		},
		{
			ID: "scheme-any-case", Name: "The scheme name is case-insensitive (bearer, BEARER)",
			Sends:  "a real MCP client with Authorization: bearer <the right secret>, then BEARER <the right secret>",
			Expect: "both sessions work: HTTP auth scheme names are case-insensitive (RFC 9110 §11.1)",
			Hint:   "Split the header at the first space and compare the scheme with strings.EqualFold(scheme, \"Bearer\").",
			Run: func(ctx context.Context) error {
				for _, scheme := range []string{"bearer", "BEARER"} {
					if err := runSession(ctx, t, scheme); err != nil {
						return err
					}
				}
				return nil
			},
		},
	}
}

// runSession drives a real go-sdk client through the learner's middleware.
func runSession(ctx context.Context, t Target, scheme string) error {
	secret := probe.Random(24)
	lab, err := start(t, secret)
	if err != nil {
		return err
	}
	defer lab.Close()
	return lab.ExpectWorkingSession(ctx, http.Header{"Authorization": {scheme + " " + secret}},
		phraseRightSecretAs.Say(map[string]any{"Scheme": scheme}))
}

func startupChecks(t Target) []grader.Check {
	refuse := func(set bool) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			env := map[string]any{"Env": SecretEnv}
			sent := phraseProtectUnset.Say(env)
			os.Unsetenv(SecretEnv)
			if set {
				sent = phraseProtectEmpty.Say(env)
				os.Setenv(SecretEnv, "")
			}
			expected := phraseErrorNaming.Say(env)
			h, err := t.Protect(http.NotFoundHandler())
			switch {
			case err == nil:
				return grader.Fail(sent, expected, phraseNoErrorEmpty.Say(nil))
			case !strings.Contains(err.Error(), SecretEnv):
				return grader.Fail(sent, expected, phraseErrorNotNaming.Say(map[string]any{"Err": strconv.Quote(err.Error())}))
			case h != nil:
				return grader.Fail(sent, expected, phraseErrorNonNil.Say(nil))
			}
			return nil
		}
	}
	return []grader.Check{
		{
			ID: "unset-secret-refused", Name: "With no secret in the environment the server refuses to start",
			Sends: "Protect(next) with " + SecretEnv + " unset", Expect: "an error that names " + SecretEnv,
			Hint: "Read the secret with os.Getenv(SecretEnv) inside Protect and return an error when it is empty: an empty secret must never be a valid one.",
			Run:  refuse(false),
		},
		{
			ID: "empty-secret-refused", Name: "With an empty secret the server refuses to start",
			Sends: "Protect(next) with " + SecretEnv + "=\"\"", Expect: "an error that names " + SecretEnv,
			Hint: "os.LookupEnv says the variable exists, but an empty value is no secret: check the value, not just its presence.",
			Run:  refuse(true),
		},
	}
}
