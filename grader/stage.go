package grader

// Stage is one stage as the grader knows it, with the code under test bound:
// its checks, in two tiers, and the demo server `authlab serve` runs. Each
// check package exports a constructor that returns one, and the grader
// entry file of an exercise hands it to the harness.
type Stage struct {
	ID string
	// Checks is the fast tier, run on every save.
	Checks []Check
	// Deep is the deep tier, run once every fast check passes and before the
	// stage counts as passed: the race detector, larger differential
	// budgets, concurrent callers, side-by-side instances.
	Deep []Check
	Demo Demo
}

// Tier says which of a stage's checks a run grades.
type Tier int

// The tiers, in the order a stage runs them.
const (
	TierFast Tier = iota
	TierDeep
)

// String returns "fast" or "deep".
func (t Tier) String() string {
	if t == TierDeep {
		return "deep"
	}
	return "fast"
}

// Checks returns the checks of s in tier t.
func (t Tier) Checks(s Stage) []Check {
	if t == TierDeep {
		return s.Deep
	}
	return s.Checks
}
