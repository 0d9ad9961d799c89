package basicauthcheck

import (
	"context"
	"encoding/json"
	"net/http"
	"os"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// Hints for the two ways a server forgets the secret it started with.
const (
	hintSecretAtRequest = "Your handler reads " + SecretEnv + " on every request, so whoever changes the environment later changes the " +
		"secret (and unsetting it would leave an empty one). Read it once, in Protect, into a local variable the returned handler closes over."
	hintSecretShared = "Every handler Protect returns shares one variable, so the last Protect's secret wins. Keep the secret in a local " +
		"variable inside Protect that the returned handler closes over, not in a package-level variable."
)

// instancesCheck serves two instances of the learner's middleware side by
// side with different secrets, then changes the environment: each must
// keep the secret it was built with.
func instancesCheck(t Target) grader.Check {
	return grader.Check{
		ID: "instances-keep-own-secret", Name: "Two servers side by side each keep the secret they started with",
		Sends: "Protect(next) with " + SecretEnv + "=<secret A>, then Protect(next) with <secret B>, then " + SecretEnv +
			" set to a third secret C; to each server, tools/call with Authorization: Bearer and each of the three secrets",
		Expect: "the first server lets through secret A only, the second secret B only: the secret is read once, in Protect",
		Hint:   "Read " + SecretEnv + " once, in Protect, into a local variable that the returned handler closes over.",
		Run: func(ctx context.Context) error {
			secrets := []string{probe.Random(24), probe.Random(24), probe.Random(24)}
			names := []grader.Phrase{secretNamed("A"), secretNamed("B"), secretNamed("C")}
			var labs []*probe.Lab
			for _, secret := range secrets[:2] {
				lab, err := start(t, secret)
				if err != nil {
					return err
				}
				defer lab.Close()
				labs = append(labs, lab)
			}
			if err := os.Setenv(SecretEnv, secrets[2]); err != nil {
				return err
			}
			// passed[i][j]: server i let secret j through.
			var passed [2][3]bool
			for i, lab := range labs {
				session, closeSession, err := lab.DirectSession(ctx)
				if err != nil {
					return err
				}
				for j, secret := range secrets {
					ex, eff, err := lab.Do(ctx, toolCall(session, "Bearer "+secret))
					if err != nil {
						closeSession()
						return lab.FailSay(phraseCallWithSecret.Say(map[string]any{"Secret": names[j]}), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
					}
					// Its own secret must get through with 200; any other
					// must not reach the MCP handler, whatever the status.
					passed[i][j] = eff.Reached && (j != i || ex.Status == http.StatusOK)
				}
				closeSession()
			}
			return judgeInstances(passed, names)
		},
	}
}

// secretNamed names one of the secrets the servers are started with.
func secretNamed(name string) grader.Phrase {
	return phraseSecretNamed.Say(map[string]any{"Name": name})
}

// judgeInstances says what is wrong with which secrets each server let
// through, with the hint that follows the cause.
func judgeInstances(passed [2][3]bool, names []grader.Phrase) error {
	servers := []grader.Phrase{phraseFirstServer.Say(nil), phraseSecondServer.Say(nil)}
	var wrong []grader.Phrase
	atRequest, shared := false, false
	for i := range passed {
		for j, through := range passed[i] {
			switch {
			case j == i && !through:
				wrong = append(wrong, phraseRefusedOwn.Say(map[string]any{"Server": servers[i], "Secret": names[j]}))
			case j != i && through:
				wrong = append(wrong, phraseLetThrough.Say(map[string]any{"Server": servers[i], "Secret": names[j]}))
				atRequest = atRequest || j == 2
				shared = shared || j < 2
			}
		}
	}
	if len(wrong) == 0 {
		return nil
	}
	f := grader.Fail(phraseInstancesSent.Say(map[string]any{"Env": SecretEnv}), phraseOwnSecretOnly.Say(nil), wrong...)
	switch {
	case atRequest:
		f.Hint = hintSecretAtRequest
	case shared:
		f.Hint = hintSecretShared
	}
	return f
}

// toolCall is a tools/call create_product on session with the given
// Authorization value.
func toolCall(session, authorization string) probe.RawRequest {
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
		"params": map[string]any{"name": catalog.ToolCreateProduct, "arguments": map[string]any{"name": "instance", "price": 1}}})
	return probe.RawRequest{
		Method: http.MethodPost, Path: "/mcp", Body: body,
		Header: http.Header{"Mcp-Session-Id": {session}, "Authorization": {authorization}},
	}
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.basicauthcheck.secret-at-request", hintSecretAtRequest)
	_ = grader.NewPhraseForm("hint.basicauthcheck.secret-shared", hintSecretShared)
)
