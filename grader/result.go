package grader

import "time"

// CheckResult is the outcome of one check, ready for display or JSON.
type CheckResult struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Pass     bool   `json:"pass"`
	Sent     string `json:"sent,omitempty"`
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
	Detail   string `json:"detail,omitempty"`
	// Where is the line of the learner's code the failure comes from (a
	// panic, a hang, a data race), relative to the lab's root.
	Where string `json:"where,omitempty"`
	Hint  string `json:"hint,omitempty"`
	// GotPhrases, when set, are the parts of Got that authlab may
	// translate: Got is JoinPhrases(GotPhrases) unless something rewrote it.
	GotPhrases []Phrase `json:"got_phrases,omitempty"`
	// ExpectedPhrase, when set, says Expected in a phrase authlab may
	// translate.
	ExpectedPhrase *Phrase `json:"expected_phrase,omitempty"`
	// SentPhrase, when set, says Sent in a phrase authlab may translate.
	SentPhrase *Phrase `json:"sent_phrase,omitempty"`
	// HintPhrase, when set, says Hint in a phrase authlab may translate.
	HintPhrase *Phrase `json:"hint_phrase,omitempty"`
	// DetailPhrase, when set, says Detail in a phrase authlab may translate.
	DetailPhrase *Phrase `json:"detail_phrase,omitempty"`
	// Millis is how long the check took, in milliseconds.
	Millis int64 `json:"ms"`
}

// Report is the outcome of grading one stage on one target package, in one
// tier; a fast-tier report that passed carries its deep tier's in Deep.
type Report struct {
	Stage  string `json:"stage"`
	Target string `json:"target"` // the package directory that was graded
	Tier   string `json:"tier"`   // "fast" or "deep"
	// Passed says every check of this tier passed and, for a fast-tier
	// report with a Deep report, every deep check too.
	Passed bool          `json:"passed"`
	Checks []CheckResult `json:"checks"`
	// Seed is the seed of the run's pseudo-random variants: `authlab check
	// STAGE --seed N` replays them.
	Seed uint64 `json:"seed"`
	// Race, when set, says why the deep tier ran without the race detector.
	Race string `json:"race,omitempty"`
	// Scale, when set, is the share of their variants the deep tier's
	// differential checks sent because DeepScaleEnv asked for less: a
	// reduced run, which reports say so.
	Scale float64 `json:"scale,omitempty"`
	// Deep is the deep tier's report. It is nil until every fast check
	// passes.
	Deep *Report `json:"deep,omitempty"`
	// Build is set when the target did not compile.
	Build *BuildFailure `json:"build,omitempty"`
	// Crash is set when the test process died or timed out before every
	// check reported; it holds what the process printed about it.
	Crash   string        `json:"crash,omitempty"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// BuildFailure is a target that did not compile.
type BuildFailure struct {
	Errors []CompileError `json:"errors"`
	Output string         `json:"output"` // the compiler's output, as printed
}

// CompileError is one error the compiler reported.
type CompileError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// Counts returns how many checks passed and how many there are.
func (r *Report) Counts() (passed, total int) {
	for _, c := range r.Checks {
		if c.Pass {
			passed++
		}
	}
	return passed, len(r.Checks)
}

// FirstFailure returns the first failed check, the deep tier's included,
// or nil when none failed.
func (r *Report) FirstFailure() *CheckResult {
	for i := range r.Checks {
		if !r.Checks[i].Pass {
			return &r.Checks[i]
		}
	}
	if r.Deep != nil {
		return r.Deep.FirstFailure()
	}
	return nil
}

// Error implements error, so Runner.Compile can return a BuildFailure.
func (b *BuildFailure) Error() string { return "the package does not compile:\n" + b.Output }
