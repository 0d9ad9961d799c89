package grader

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Cause is what went wrong in learner code, said for a check's result: what
// happened, where in the learner's files, the evidence, and a hint that
// follows the cause rather than the check.
type Cause struct {
	Got    string
	Where  string // file:line in the learner's package, relative to the module root
	Detail string
	Hint   string
}

// HangHint is the hint for code that never answers.
const HangHint = "Something in your code waits forever: a select{} or a channel nobody writes to, a lock taken twice, " +
	"http.ListenAndServe called inside a function the grader calls (it never returns), or a loop without an exit. " +
	"Every function the grader calls must return."

// RaceHint is the hint for a data race.
const RaceHint = "Requests run concurrently. Never keep per-request data (the caller's identity, permissions, a decision) in a " +
	"package-level variable or in a field shared by every request: pass it along in the request's context, and guard any " +
	"shared map with a sync.Mutex."

// ExitHint is the hint for code that ends the process.
const ExitHint = "Never call os.Exit, log.Fatal or log.Panic from the stage's functions: they end the whole program. " +
	"Return an error (Protect and NewServer can) or answer the request with an HTTP error."

// The cause hints as phrases authlab may translate; a failure carries them
// as plain hints, and FixedPhrase finds them again by their English.
var (
	_ = NewPhraseForm("hint.hang", HangHint)
	_ = NewPhraseForm("hint.race", RaceHint)
	_ = NewPhraseForm("hint.exit", ExitHint)
)

var exitStatus = regexp.MustCompile(`exit status (\d+)`)

// DeathCause explains why a test process ended in the middle of a check,
// from what the check printed and how the process ended (waitErr may be nil
// when it is not known). root is the module root and dir the learner's
// package folder, both absolute.
func DeathCause(output string, waitErr error, root, dir string) Cause {
	where := LearnerFrame(output, root, dir)
	switch {
	case strings.Contains(output, "panic: test timed out after"):
		return Cause{
			Got:   "no answer: your code hung, and the test process was stopped when its time ran out" + at(where),
			Where: where, Detail: excerptText(output, 1500), Hint: HangHint,
		}
	case strings.Contains(output, "unexpected call to os.Exit(0)"):
		return Cause{
			Got:   "your code called os.Exit(0), which ends the whole program, so nothing could answer" + at(where),
			Where: where, Detail: excerptText(output, 1500), Hint: ExitHint,
		}
	case strings.Contains(output, "fatal error: "):
		line := lineWith(output, "fatal error: ")
		got := "the Go runtime stopped the program (" + strings.TrimPrefix(line, "fatal error: ") + ")" + at(where)
		hint := ""
		if strings.Contains(line, "concurrent map") {
			got = "two requests used one map at the same time and the Go runtime stopped the program (" +
				strings.TrimPrefix(line, "fatal error: ") + ")" + at(where)
			hint = RaceHint
		}
		return Cause{Got: got, Where: where, Detail: excerptText(output, 1500), Hint: hint}
	case strings.Contains(output, "panic: "):
		msg := strings.TrimPrefix(lineWith(output, "panic: "), "panic: ")
		return Cause{
			Got:   "your code panicked where nothing could recover it (in a goroutine of its own): " + msg + at(where),
			Where: where, Detail: excerptText(output, 1500),
			Hint: "A panic in a goroutine you start ends the whole program. Check the line above for a nil value or an index out of range.",
		}
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if m := exitStatus.FindStringSubmatch(exitErr.Error()); m != nil {
			got := fmt.Sprintf("your code ended the process with os.Exit(%s) or log.Fatal while this check ran, so nothing could answer", m[1])
			if last := lastLine(output); last != "" {
				got += fmt.Sprintf("; it printed %q last", excerptText(last, 160))
			}
			return Cause{Got: got, Detail: excerptText(output, 1500), Hint: ExitHint}
		}
		return Cause{Got: "the test process was ended by the system (" + exitErr.Error() + ") while this check ran", Detail: excerptText(output, 1500)}
	}
	if waitErr != nil {
		return Cause{Got: "the test process ended while this check ran: " + waitErr.Error(), Detail: excerptText(output, 1500)}
	}
	return Cause{Got: "the test process ended while this check ran, without a word: your code called os.Exit", Detail: excerptText(output, 1500), Hint: ExitHint}
}

// exitZero is the panic the testing package turns os.Exit(0) into.
const exitZero = "unexpected call to os.Exit(0) during test"

// PanicCause explains a panic recovered while a check ran, from its value
// and stack.
func PanicCause(p any, stack, root, dir string) Cause {
	where := LearnerFrame(stack, root, dir)
	if fmt.Sprint(p) == exitZero {
		return Cause{
			Got:   "your code called os.Exit(0), which ends the whole program, so nothing could answer" + at(where),
			Where: where, Detail: stack, Hint: ExitHint,
		}
	}
	return Cause{Got: fmt.Sprintf("panic: %v%s", p, at(where)), Where: where, Detail: stack}
}

// RaceReport explains a check that the race detector failed, from what the
// check printed; its Got is empty when there is no race report.
func RaceReport(output, root, dir string) Cause {
	i := strings.Index(output, "WARNING: DATA RACE")
	if i < 0 {
		return Cause{}
	}
	report := output[i:]
	if end := strings.Index(report, "=================="); end > 0 {
		report = report[:end]
	}
	where := LearnerFrame(report, root, dir)
	return Cause{
		Got:   "the race detector found a data race while this check ran: two requests used the same variable at once, and at least one wrote it" + at(where),
		Where: where, Detail: excerptText(report, 2000), Hint: RaceHint,
	}
}

func at(where string) string {
	if where == "" {
		return ""
	}
	return ", at " + where
}

// frameLine matches a traceback's file line: "\t/abs/path/file.go:42 +0x1d".
var frameLine = regexp.MustCompile(`^\s+(\S+\.go):(\d+)(?:\s|$)`)

// LearnerFrame returns the first frame of a Go traceback (a panic, a race
// report, a goroutine dump) that lies in the learner's package dir, as
// "exercises/pkg/file.go:42 (in Func)" relative to root; "" when there is
// none. The grader entry file does not count.
func LearnerFrame(trace, root, dir string) string {
	if dir == "" {
		return ""
	}
	lines := strings.Split(trace, "\n")
	for i, line := range lines {
		m := frameLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file := filepath.Clean(m[1])
		if filepath.Dir(file) != filepath.Clean(dir) || filepath.Base(file) == "authlab_test.go" {
			continue
		}
		rel, err := filepath.Rel(root, file)
		if err != nil || root == "" {
			rel = file
		}
		where := filepath.ToSlash(rel) + ":" + m[2]
		if i > 0 {
			if fn := funcName(lines[i-1]); fn != "" {
				where += " (in " + fn + ")"
			}
		}
		return where
	}
	return ""
}

// funcName turns "authlab/exercises/basicauth.Protect.func1(0x1, ...)" into
// "basicauth.Protect.func1".
func funcName(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.LastIndex(line, "("); i > 0 {
		line = line[:i]
	}
	if i := strings.LastIndex(line, "/"); i >= 0 {
		line = line[i+1:]
	}
	line, _, _ = strings.Cut(strings.TrimPrefix(line, "created by "), " in goroutine")
	return line
}

func lineWith(s, substr string) string {
	i := strings.Index(s, substr)
	if i < 0 {
		return ""
	}
	line, _, _ := strings.Cut(s[i:], "\n")
	return strings.TrimSpace(line)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// ModuleRoot returns the folder holding go.mod at or above dir, or "" when
// there is none.
func ModuleRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
