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
	Hint     string `json:"hint,omitempty"`
	// Millis is how long the check took, in milliseconds.
	Millis int64 `json:"ms"`
}

// Report is the outcome of grading one stage on one target package.
type Report struct {
	Stage  string        `json:"stage"`
	Target string        `json:"target"` // the package directory that was graded
	Passed bool          `json:"passed"`
	Checks []CheckResult `json:"checks"`
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

// FirstFailure returns the first failed check, or nil when none failed.
func (r *Report) FirstFailure() *CheckResult {
	for i := range r.Checks {
		if !r.Checks[i].Pass {
			return &r.Checks[i]
		}
	}
	return nil
}

// Error implements error, so Runner.Compile can return a BuildFailure.
func (b *BuildFailure) Error() string { return "the package does not compile:\n" + b.Output }
