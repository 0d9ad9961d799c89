package jwtauthcheck

import (
	"context"
	"errors"
	"strings"

	"authlab/grader"
	"authlab/grader/source"
)

// hintClone says why a RoundTripper works on a copy, and how.
const hintClone = "http.RoundTripper's contract: RoundTrip must not modify the request it is given; the caller may reuse it, read it " +
	"or send it again. Clone first, r := req.Clone(req.Context()), set Authorization on r, and send r."

// cloneCheck reads the learner's RoundTrip methods: the request they are
// handed belongs to the caller, and a change to it shows nowhere the grader
// can see from outside, so this check looks at the code.
func cloneCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-keeps-request", Name: "Your RoundTripper sets the token on a copy and leaves the caller's request unchanged",
		Sends:  "nothing: the grader reads the RoundTrip methods of your package (all but the _test.go files)",
		Expect: "no RoundTrip that sets, adds or deletes a header of, or assigns a field of, the *http.Request it was given, except after replacing it with req.Clone",
		Hint:   hintClone,
		Run: func(context.Context) error {
			if t.Source == nil {
				return errors.New("the grader entry file gives no source folder: authlab restores that file before every check")
			}
			pkg, err := source.Parse(t.Source)
			if err != nil {
				return err
			}
			changes := pkg.RequestChanges()
			if len(changes) == 0 {
				return nil
			}
			where := grader.Literal("")
			for i, c := range changes {
				at := phraseChangeAt.Say(map[string]any{"What": c.What, "Pos": c.Pos})
				if i == 0 {
					where = at
					continue
				}
				where = phraseChangesJoined.Say(map[string]any{"First": where, "Next": at})
			}
			f := grader.Fail(phraseRoundTripMethods.Say(map[string]any{"Names": strings.Join(pkg.Names, ", ")}),
				phraseTokenOnCopy.Say(nil), phraseChangesRequest.Say(map[string]any{"Where": where}))
			f.Where = source.LearnerPath(changes[0].Pos)
			return f
		},
	}
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.jwtauthcheck.clone", hintClone)
)
