package oracle

import (
	"context"
	"time"

	"authlab/grader"
)

// Budgets of the two tiers: the fast tier runs on every save, the deep tier
// once before a stage counts as passed.
var (
	FastBudget = Budget{Variants: 1000, MaxSteps: 3}
	DeepBudget = Budget{Variants: 4000, MaxSteps: 4}
)

// DeepDeadline bounds a deep differential check, the race detector's slower
// run included.
const DeepDeadline = 12 * time.Second

// Differential is a stage's differential check: how to start the code under
// test and what to explore on it.
type Differential struct {
	ID, Name, Hint string
	Stage          string // the stage's id, for the replay command
	// Sends and Expect describe the check for the learner.
	Sends, Expect string
	// Start serves the code under test and returns what to explore and how
	// to stop it. A *grader.Failure from Start is reported as is.
	Start func(ctx context.Context) (Spec, func(), error)
}

// Fast returns d as a fast-tier check.
func (d Differential) Fast() grader.Check { return d.check(d.ID, FastBudget, 0) }

// Deep returns d as a deep-tier check, with the deep budget.
func (d Differential) Deep() grader.Check {
	return d.check(d.ID+"-deep", DeepBudget, DeepDeadline)
}

func (d Differential) check(id string, budget Budget, deadline time.Duration) grader.Check {
	return grader.Check{
		ID: id, Name: d.Name, Sends: d.Sends, Expect: d.Expect, Hint: d.Hint, Deadline: deadline,
		Run: func(ctx context.Context) error {
			spec, stop, err := d.Start(ctx)
			if err != nil {
				return err
			}
			defer stop()
			seed := grader.Seed()
			f, _, err := Explore(ctx, spec, budget.scaled(ctx), grader.RandFor(seed, id))
			if err != nil {
				if ctx.Err() != nil {
					return nil // out of time, and nothing found
				}
				return err
			}
			if f == nil {
				return nil
			}
			return d.failure(f, seed)
		},
	}
}

// failure reports a finding: the shrunk request, what the model expected,
// what came back, and how to send the same variants again.
func (d Differential) failure(f *Finding, seed uint64) *grader.Failure {
	hint := d.Hint
	for _, s := range f.Steps {
		if s.Hint != "" {
			hint = s.Hint
			break
		}
	}
	if f.Disagreement.Hint != "" {
		hint = f.Disagreement.Hint
	}
	sent := phraseChanged.Say(map[string]any{"Changes": WordsPhrase(f.Steps)})
	failure := &grader.Failure{
		Sent: sent.Text, SentPhrase: &sent,
		Expected: f.Expected, ExpectedPhrase: f.ExpectedPhrase,
		Got: f.Got, GotPhrases: f.GotPhrases,
		Hint: hint,
	}
	return failure.SayDetail(phraseShrunk.Say(map[string]any{
		"Request": f.Draft.Describe(), "Variant": f.Sent, "Changes": len(f.Steps), "Seed": seed, "Stage": d.Stage,
	}))
}

// phraseShrunk details a differential's finding: the shrunk request and how
// to send the same variants again.
var phraseShrunk = grader.NewPhraseForm("detail.oracle.shrunk", "{{.Request}}\n\nVariant {{.Variant}} of the run disagreed with the reference; "+
	"it was shrunk to the {{.Changes}} change(s) above. Seed {{.Seed}}: `authlab check {{.Stage}} --seed {{.Seed}}` sends the same variants again.")

type scaleKey struct{}

// WithScale returns a context under which differential checks send only
// the share f (0 < f ≤ 1) of their budget: the grader's own tests use it
// where a check only needs to show that it passes.
func WithScale(ctx context.Context, f float64) context.Context {
	return context.WithValue(ctx, scaleKey{}, f)
}

// Scale returns the share of their budget differential checks send under
// ctx: 1, unless WithScale asked for less.
func Scale(ctx context.Context) float64 {
	if f, ok := ctx.Value(scaleKey{}).(float64); ok && f > 0 && f < 1 {
		return f
	}
	return 1
}

// scaled returns b cut to the share ctx asks for, never below a hundred
// variants.
func (b Budget) scaled(ctx context.Context) Budget {
	if f := Scale(ctx); f < 1 {
		b.Variants = max(100, int(float64(b.Variants)*f))
	}
	return b
}
