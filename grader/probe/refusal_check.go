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
	// Expect, when set, is what the check says a correct server answers;
	// "" says Want.Expected().
	Expect string
}

// RefusedRequest is one request of a RefusalCheck: a tools/call
// create_product with the Authorization header Authorization makes.
type RefusedRequest[Setup any] struct {
	// Sent says what the request carries, after "tools/call create_product
	// with ", for the learner.
	Sent string
	// Authorization makes the header's value from the check's setup; nil
	// sends no Authorization header at all.
	Authorization func(Setup) string
}

// sent describes q to the learner.
func (q RefusedRequest[Setup]) sent() string { return "tools/call create_product with " + q.Sent }

// Check builds the grader.Check that serves the learner's code with start,
// opens a session behind its back and sends r's requests on it.
func (r RefusalCheck[Setup]) Check(start func() (Setup, *Lab, error)) grader.Check {
	var sends []string
	for _, q := range r.Requests {
		sends = append(sends, q.sent())
	}
	expect := r.Expect
	if expect == "" {
		expect = r.Want.Expected()
	}
	return grader.Check{
		ID: r.ID, Name: r.Name, Hint: r.Hint,
		Sends:  strings.Join(sends, "; then "),
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
				headers := map[string]string{}
				if q.Authorization != nil {
					headers["Authorization"] = q.Authorization(setup)
				}
				if err := lab.ExpectRefused(ctx, session, q.sent(), headers, r.Want); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
