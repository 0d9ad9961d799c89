package grader

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Cause is what went wrong in learner code, said for a check's result: what
// happened, where in the learner's files, the evidence, and a hint that
// follows the cause rather than the check. Got is JoinPhrases(GotPhrases),
// which authlab may translate.
type Cause struct {
	Got        string
	GotPhrases []Phrase
	Where      string // file:line in the learner's package, relative to the module root
	Detail     string
	Hint       string
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

// GoroutinePanicHint is the hint for a panic in a goroutine of the learner's.
const GoroutinePanicHint = "A panic in a goroutine you start ends the whole program. " +
	"Check the line above for a nil value or an index out of range."

// The cause hints as phrases authlab may translate; a failure carries them
// as plain hints, and FixedPhrase finds them again by their English.
var (
	_ = NewPhraseForm("hint.hang", HangHint)
	_ = NewPhraseForm("hint.race", RaceHint)
	_ = NewPhraseForm("hint.exit", ExitHint)
	_ = NewPhraseForm("hint.goroutine-panic", GoroutinePanicHint)
)

// atForms is a cause's text said without and with the learner's line it
// happened at.
type atForms struct{ plain, at PhraseForm }

// newAtForms declares the forms id and id-at; the second adds ", at
// {{.Where}}" to english.
func newAtForms(id, english string) atForms {
	return atForms{NewPhraseForm(id, english), NewPhraseForm(id+"-at", english+", at {{.Where}}")}
}

// say fills the form that fits where, "" meaning the line is not known.
func (f atForms) say(where string, args map[string]any) Phrase {
	if where == "" {
		return f.plain.Say(args)
	}
	with := map[string]any{"Where": where}
	for k, v := range args {
		with[k] = v
	}
	return f.at.Say(with)
}

// The texts of what a crash or a hang got.
var (
	phraseTimedOut       = newAtForms("cause.timed-out", "no answer: your code hung, and the test process was stopped when its time ran out")
	phraseExitZero       = newAtForms("cause.exit-zero", "your code called os.Exit(0), which ends the whole program, so nothing could answer")
	phraseRuntimeFatal   = newAtForms("cause.runtime-fatal", "the Go runtime stopped the program ({{.Fatal}})")
	phraseConcurrentMap  = newAtForms("cause.concurrent-map", "two requests used one map at the same time and the Go runtime stopped the program ({{.Fatal}})")
	phraseGoroutinePanic = newAtForms("cause.goroutine-panic", "your code panicked where nothing could recover it (in a goroutine of its own): {{.Panic}}")
	phrasePanic          = newAtForms("cause.panic", "panic: {{.Panic}}")
	phraseRace           = newAtForms("cause.race", "the race detector found a data race while this check ran: two requests used the same variable at once, and at least one wrote it")
	phraseBlocking       = newAtForms("cause.blocking", "no answer: your code is blocking (a handler or function that never returns, or a lock held forever)")
	phraseExitCode       = NewPhraseForm("cause.exit-code", "your code ended the process with os.Exit({{.Code}}) or log.Fatal while this check ran, so nothing could answer")
	phrasePrintedLast    = NewPhraseForm("cause.printed-last", "it printed {{.Line}} last")
	phraseKilled         = NewPhraseForm("cause.killed", "the test process was ended by the system ({{.Err}}) while this check ran")
	phraseEnded          = NewPhraseForm("cause.ended", "the test process ended while this check ran: {{.Err}}")
	phraseEndedSilently  = NewPhraseForm("cause.ended-silently", "the test process ended while this check ran, without a word: your code called os.Exit")
	phraseMarkedFailed   = NewPhraseForm("cause.marked-failed", "the test process marked this check failed: {{.Output}}")
	phraseNoPanic        = NewPhraseForm("expect.no-panic", "no panic")
	phraseAnswerWithin   = NewPhraseForm("expect.answer-within", "an answer within {{.Deadline}}")
)

// newCause returns a cause whose Got says phrases.
func newCause(where, detail, hint string, phrases ...Phrase) Cause {
	return Cause{Got: JoinPhrases(phrases), GotPhrases: phrases, Where: where, Detail: detail, Hint: hint}
}

// PanicFailure is the failure of a check whose code panicked with this
// cause, sent being what the check sent (a zero Phrase when nothing).
func (c Cause) PanicFailure(sent Phrase) *Failure {
	f := Fail(sent, phraseNoPanic.Say(nil))
	f.Got, f.GotPhrases, f.Detail, f.Where, f.Hint = c.Got, c.GotPhrases, c.Detail, c.Where, c.Hint
	return f
}

var exitStatus = regexp.MustCompile(`exit status (\d+)`)

// DeathCause explains why a test process ended in the middle of a check,
// from what the check printed and how the process ended (waitErr may be nil
// when it is not known). root is the module root and dir the learner's
// package folder, both absolute.
func DeathCause(output string, waitErr error, root, dir string) Cause {
	where := LearnerFrame(output, root, dir)
	detail := excerptText(output, 1500)
	switch {
	case strings.Contains(output, "panic: test timed out after"):
		return newCause(where, detail, HangHint, phraseTimedOut.say(where, nil))
	case strings.Contains(output, "unexpected call to os.Exit(0)"):
		return newCause(where, detail, ExitHint, phraseExitZero.say(where, nil))
	case strings.Contains(output, "fatal error: "):
		line := lineWith(output, "fatal error: ")
		fatal := map[string]any{"Fatal": strings.TrimPrefix(line, "fatal error: ")}
		if strings.Contains(line, "concurrent map") {
			return newCause(where, detail, RaceHint, phraseConcurrentMap.say(where, fatal))
		}
		return newCause(where, detail, "", phraseRuntimeFatal.say(where, fatal))
	case strings.Contains(output, "panic: "):
		msg := strings.TrimPrefix(lineWith(output, "panic: "), "panic: ")
		return newCause(where, detail, GoroutinePanicHint, phraseGoroutinePanic.say(where, map[string]any{"Panic": msg}))
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if m := exitStatus.FindStringSubmatch(exitErr.Error()); m != nil {
			got := []Phrase{phraseExitCode.Say(map[string]any{"Code": m[1]})}
			if last := lastLine(output); last != "" {
				got = append(got, phrasePrintedLast.Say(map[string]any{"Line": strconv.Quote(excerptText(last, 160))}))
			}
			return newCause("", detail, ExitHint, got...)
		}
		return newCause("", detail, "", phraseKilled.Say(map[string]any{"Err": exitErr}))
	}
	if waitErr != nil {
		return newCause("", detail, "", phraseEnded.Say(map[string]any{"Err": waitErr}))
	}
	return newCause("", detail, ExitHint, phraseEndedSilently.Say(nil))
}

// exitZero is the panic the testing package turns os.Exit(0) into.
const exitZero = "unexpected call to os.Exit(0) during test"

// PanicCause explains a panic recovered while a check ran, from its value
// and stack.
func PanicCause(p any, stack, root, dir string) Cause {
	where := LearnerFrame(stack, root, dir)
	if fmt.Sprint(p) == exitZero {
		return newCause(where, stack, ExitHint, phraseExitZero.say(where, nil))
	}
	return newCause(where, stack, "", phrasePanic.say(where, map[string]any{"Panic": p}))
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
	return newCause(where, excerptText(report, 2000), RaceHint, phraseRace.say(where, nil))
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
