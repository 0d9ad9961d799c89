package probe

import (
	"context"
	"strings"

	"authlab/grader"
)

// The texts of a listener beyond loopback.
var (
	phraseSentNothing      = grader.NewPhraseForm("loopback.sent-nothing", "nothing")
	phraseNoPublicListener = grader.NewPhraseForm("loopback.expected", "no listener beyond loopback")
	phraseListensOn        = grader.NewPhraseForm("loopback.listens-on", "your code listens on {{.Addresses}}")
)

// LoopbackOnlyCheck fails when the code under test has opened a listening
// socket beyond loopback. Stages list it after the checks that exercise the
// learner's code, so anything those calls started is still open.
func LoopbackOnlyCheck() grader.Check {
	return grader.Check{
		ID:     "listens-on-loopback-only",
		Name:   "Your code opens no listening socket reachable from other machines",
		Sends:  "nothing: the grader lists the sockets this process listens on after the other checks",
		Expect: "no listener beyond 127.0.0.1 / ::1 (the lab serves your handler itself)",
		Hint:   "Return an http.Handler and let the caller serve it. Never call http.ListenAndServe(\":8080\", …) from the stage's functions: \":8080\" listens on every network interface.",
		Run: func(ctx context.Context) error {
			found, err := PublicListeners()
			if err != nil {
				return err
			}
			if len(found) > 0 {
				return grader.Fail(phraseSentNothing.Say(nil), phraseNoPublicListener.Say(nil),
					phraseListensOn.Say(map[string]any{"Addresses": strings.Join(found, ", ")}))
			}
			return nil
		},
	}
}
