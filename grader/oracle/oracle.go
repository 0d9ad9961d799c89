// Package oracle runs differential checks. From a request the stage's
// server must accept, it derives variants (structured and byte-level
// changes to the method, path, query, headers, credential, token and
// JSON-RPC body, alone and in seeded random combinations), sends each to
// the code under test and compares the server's decision with the stage's
// reference model. The first disagreement is shrunk to the fewest changes
// that still show it and reported with the seed that replays the run.
package oracle

import (
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"authlab/grader"
)

// Step is one change to a request.
type Step struct {
	// Name says what the change did, for the learner: "the scheme written
	// in lower case", "the token sent in ?access_token= instead".
	Name grader.Phrase
	// Hint, when set, says what to fix when this change exposes a bug.
	Hint  string
	Apply func(*Draft)
	// Parts, when set, are finer steps this one is made of (the same change
	// at each of many names at once): a finding is refined to the one part
	// that still shows it.
	Parts []Step
}

// Gen makes a step, drawing whatever it varies from r: the byte to change,
// the header to add.
type Gen func(r *rand.Rand) Step

// Fixed is a Gen that always makes the same step.
func Fixed(s Step) Gen { return func(*rand.Rand) Step { return s } }

// Spec is a differential check's subject: the request to start from, the
// changes to make to it, and the judge that sends a request and says how
// the server's answer differs from the reference model.
type Spec struct {
	Base func() *Draft
	Gens []Gen
	// Refusers are changes that make the base request one the server must
	// refuse (no credential, a wrong one). Every generator is also tried
	// with each refuser, since most bugs let through a request that should
	// have been refused, and only in some context (a method, a header).
	Refusers []Gen
	// Singles are changes that already make the request one to refuse (the
	// credential moved out of Authorization): tried alone and in random
	// combinations, never paired with a refuser.
	Singles []Gen
	Judge   Judge
}

// Judge sends d and returns how the server's answer differs from the
// reference model, or nil when they agree.
type Judge func(ctx context.Context, d *Draft) (*Disagreement, error)

// Disagreement is an answer the reference model does not accept.
type Disagreement struct {
	Expected string // what the model accepts
	Got      string // what came back, and why it is wrong
	// ExpectedPhrase and GotPhrases, when set, say Expected and Got in
	// phrases authlab may translate: Got is grader.JoinPhrases(GotPhrases).
	ExpectedPhrase *grader.Phrase
	GotPhrases     []grader.Phrase
	// Hint, when set, is what to fix for the cause the judge found; it
	// comes before the hints of the steps.
	Hint string
}

// Budget bounds an exploration.
type Budget struct {
	Variants int // requests to send, at most
	MaxSteps int // changes combined in one random variant, at most
}

// Finding is a variant on which the server and the model disagree, shrunk.
type Finding struct {
	Steps []Step
	Draft *Draft // the request, built
	Disagreement
	// Sent is how many variants were sent before the disagreement showed.
	Sent int
}

// Explore sends variants of spec's base request until the budget is spent
// or the server disagrees with the model; it returns the shrunk
// disagreement, or nil, and how many variants it sent. The order is fixed
// by rng: first the base request, then every generator once on its own,
// then every generator with each refuser, then random combinations of up
// to MaxSteps changes.
func Explore(ctx context.Context, spec Spec, budget Budget, rng *rand.Rand) (*Finding, int, error) {
	sent := 0
	try := func(steps []Step) (*Disagreement, *Draft, error) {
		d := build(spec.Base, steps)
		sent++
		dis, err := spec.Judge(ctx, d)
		return dis, d, err
	}
	check := func(steps []Step) (*Finding, error) {
		dis, d, err := try(steps)
		if err != nil || dis == nil {
			return nil, err
		}
		f := &Finding{Steps: steps, Draft: d, Disagreement: *dis, Sent: sent}
		shrink(f, try)
		return f, nil
	}
	if f, err := check(nil); f != nil || err != nil {
		return f, sent, err
	}
	var fixed [][]Step
	for _, gen := range slices.Concat(spec.Refusers, spec.Gens, spec.Singles) {
		fixed = append(fixed, []Step{gen(rng)})
	}
	for _, gen := range spec.Gens {
		for _, refuse := range spec.Refusers {
			fixed = append(fixed, []Step{gen(rng), refuse(rng)})
		}
	}
	for _, steps := range fixed {
		if sent >= budget.Variants || budget.spent(ctx) {
			return nil, sent, nil
		}
		if f, err := check(steps); f != nil || err != nil {
			return f, sent, err
		}
	}
	all := slices.Concat(spec.Gens, spec.Refusers, spec.Singles)
	for sent < budget.Variants && len(all) > 0 {
		if budget.spent(ctx) {
			return nil, sent, nil
		}
		n := 2 + rng.IntN(max(1, budget.MaxSteps-1))
		steps := make([]Step, n)
		for i := range steps {
			steps[i] = all[rng.IntN(len(all))](rng)
		}
		if f, err := check(steps); f != nil || err != nil {
			return f, sent, err
		}
	}
	return nil, sent, nil
}

func build(base func() *Draft, steps []Step) *Draft {
	d := base()
	for _, s := range steps {
		s.Apply(d)
	}
	return d
}

// shrink removes steps from f, one at a time, while the disagreement
// remains, until no single step can go; then it refines each step made of
// parts to the first part that still shows the disagreement.
func shrink(f *Finding, try func([]Step) (*Disagreement, *Draft, error)) {
	defer refine(f, try)
	for removed := true; removed && len(f.Steps) > 0; {
		removed = false
		for i := range f.Steps {
			fewer := append(append([]Step(nil), f.Steps[:i]...), f.Steps[i+1:]...)
			dis, d, err := try(fewer)
			if err == nil && dis != nil {
				f.Steps, f.Draft, f.Disagreement = fewer, d, *dis
				removed = true
				break
			}
		}
	}
}

// spent reports whether exploring must stop to leave the check time to
// shrink and report before ctx's deadline.
func (b Budget) spent(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < reserve
}

// reserve is the time kept back from exploring, to shrink a finding.
const reserve = time.Second

// refine replaces each step of f that has parts by the first of its parts
// that still shows the disagreement, down to a single part.
func refine(f *Finding, try func([]Step) (*Disagreement, *Draft, error)) {
	for i := range f.Steps {
		for len(f.Steps[i].Parts) > 0 {
			found := false
			for _, part := range f.Steps[i].Parts {
				steps := slices.Clone(f.Steps)
				steps[i] = part
				if dis, d, err := try(steps); err == nil && dis != nil {
					f.Steps, f.Draft, f.Disagreement = steps, d, *dis
					found = true
					break
				}
			}
			if !found {
				break
			}
		}
	}
}
