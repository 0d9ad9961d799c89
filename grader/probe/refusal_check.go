package probe

import (
	"context"
	"strings"

	"authlab/grader"
)

// RefusalCheck declares a check whose requests must each be refused like
// Want: every stage says "this request must be refused like this" with
// one. Setup is what the check's server was started with (a secret, a
// token configuration), from which each request makes its credential.
type RefusalCheck[Setup any] struct {
	ID, Name, Hint string
	// Requests are sent in turn on one live session, and each must be
	// refused. Most checks need one; a second catches code that refuses the
	// first by accident.
	Requests []RefusedRequest[Setup]
	Want     Refusal
	// Sends and Expect, when set, say what the check sends and what a
	// correct server answers; "" says each request in turn, and
	// Want.Expected().
	Sends, Expect string
}

// RefusedRequest is one request of a RefusalCheck: a tools/call
// create_product, or a GET or DELETE, with the Authorization header
// Authorization makes.
type RefusedRequest[Setup any] struct {
	// Method is GET or DELETE for a bodiless request of that method; ""
	// sends a tools/call create_product.
	Method string
	// Sent says what the request carries, after "tools/call create_product
	// with " or "GET /mcp with ", for the learner.
	Sent grader.Phrase
	// Authorization makes the header's value from the check's setup; nil
	// sends no Authorization header at all.
	Authorization func(Setup) string
	// Want, when set, is how this request must be refused, in place of the
	// check's Want.
	Want Refusal
}

// The texts of a refused request, which say what it carries.
var (
	phraseMethodWith = grader.NewPhraseForm("refusal.method-with", "{{.Method}} /mcp with {{.What}}")
	phraseCallWith   = grader.NewPhraseForm("refusal.call-with", "tools/call create_product with {{.What}}")
)

// sent describes q to the learner.
func (q RefusedRequest[Setup]) sent() grader.Phrase {
	if q.Method != "" {
		return phraseMethodWith.Say(map[string]any{"Method": q.Method, "What": q.Sent})
	}
	return phraseCallWith.Say(map[string]any{"What": q.Sent})
}

// expect sends q on session and demands its refusal, or else want.
func (q RefusedRequest[Setup]) expect(ctx context.Context, lab *Lab, session string, setup Setup, want Refusal) error {
	headers := map[string]string{}
	if q.Authorization != nil {
		headers["Authorization"] = q.Authorization(setup)
	}
	if q.Want.Status != 0 {
		want = q.Want
	}
	if q.Method != "" {
		return lab.ExpectMethodRefused(ctx, session, q.Method, q.sent(), headers, want)
	}
	return lab.ExpectRefused(ctx, session, q.sent(), headers, want)
}

// Check builds the grader.Check that serves the learner's code with start,
// opens a session behind its back and sends r's requests on it, in turn.
func (r RefusalCheck[Setup]) Check(start func() (Setup, *Lab, error)) grader.Check {
	sends := r.Sends
	if sends == "" {
		var each []string
		for _, q := range r.Requests {
			each = append(each, q.sent().Text)
		}
		sends = strings.Join(each, "; then ")
	}
	expect := r.Expect
	if expect == "" {
		expect = r.Want.Expected()
	}
	return grader.Check{
		ID: r.ID, Name: r.Name, Hint: r.Hint,
		Sends:  sends,
		Expect: expect,
		Run: func(ctx context.Context) error {
			setup, lab, err := start()
			if err != nil {
				return err
			}
			defer lab.Close()
			session, closeSession, err := lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			for _, q := range r.Requests {
				if err := q.expect(ctx, lab, session, setup, r.Want); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
