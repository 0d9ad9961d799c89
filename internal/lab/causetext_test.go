package lab

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode"

	"authlab/grader"
	"authlab/internal/i18n"
)

// exitError runs a shell that ends as script says and returns how it ended.
func exitError(t *testing.T, script string) error {
	t.Helper()
	err := exec.Command("sh", "-c", script).Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("sh -c %q ended with %v; want an *exec.ExitError", script, err)
	}
	return err
}

// TestCrashAndHangTextsInKorean shows a Korean learner what a check whose
// code crashed or hung got, and the hint of its cause, in Korean: for every
// kind of cause, with and without the learner's line.
func TestCrashAndHangTextsInKorean(t *testing.T) {
	const where = "exercises/basicauth/middleware.go:12 (in basicauth.Protect)"
	frame := "goroutine 7 [running]:\nauthlab/exercises/basicauth.Protect(0x1)\n\t/lab/exercises/basicauth/middleware.go:12 +0x1d\n"
	fromRun := func(run func(ctx context.Context) error) func(t *testing.T) grader.CheckResult {
		return func(t *testing.T) grader.CheckResult {
			return grader.RunCheck(t.Context(), grader.Check{ID: "c", Run: run}, 50*time.Millisecond)
		}
	}
	fromCause := func(c func(t *testing.T) grader.Cause) func(t *testing.T) grader.CheckResult {
		return func(t *testing.T) grader.CheckResult {
			cause := c(t)
			return grader.CheckResult{ID: "c", Got: cause.Got, GotPhrases: cause.GotPhrases, Hint: cause.Hint}
		}
	}
	death := func(output string, waitErr func(t *testing.T) error) func(t *testing.T) grader.CheckResult {
		return fromCause(func(t *testing.T) grader.Cause {
			var err error
			if waitErr != nil {
				err = waitErr(t)
			}
			return grader.DeathCause(output, err, "/lab", "/lab/exercises/basicauth")
		})
	}
	tests := []struct {
		name    string
		result  func(t *testing.T) grader.CheckResult
		english string
		at      bool // the English names the learner's line
	}{
		{"hung in process", fromRun(func(context.Context) error { select {} }), "no answer: your code is blocking", false},
		{"panicked in process", fromRun(func(context.Context) error { panic("nil map") }), "panic: nil map", false},
		{"timed out", death("panic: test timed out after 5s\n"+frame, nil), "your code hung", true},
		{"os.Exit(0)", death("panic: unexpected call to os.Exit(0) during test\n"+frame, nil), "which ends the whole program", true},
		{"runtime fatal", death("fatal error: out of memory\n", nil), "the Go runtime stopped", false},
		{"concurrent map", death("fatal error: concurrent map writes\n"+frame, nil), "two requests used one map", true},
		{"goroutine panic", death("panic: boom\n"+frame, nil), "nothing could recover it", true},
		{"exit status", death("listening\n", func(t *testing.T) error { return exitError(t, "exit 3") }), "ended the process with os.Exit(3)", false},
		{"killed", death("", func(t *testing.T) error { return exitError(t, "kill -9 $$") }), "ended by the system", false},
		{"ended with an error", death("", func(*testing.T) error { return errors.New("broken pipe") }), "ended while this check ran: broken pipe", false},
		{"ended silently", death("", nil), "without a word", false},
		{"data race", fromCause(func(*testing.T) grader.Cause {
			return grader.RaceReport("WARNING: DATA RACE\nWrite at 0x1 by goroutine 7:\n  authlab/exercises/basicauth.Protect()\n      /lab/exercises/basicauth/middleware.go:12 +0x1d\n==================", "/lab", "/lab/exercises/basicauth")
		}), "the race detector found a data race", true},
	}
	t.Cleanup(func() { i18n.Use(i18n.English) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i18n.Use(i18n.English)
			res := tt.result(t)
			if !strings.Contains(res.Got, tt.english) {
				t.Fatalf("English got = %q, want it to say %q", res.Got, tt.english)
			}
			english := res
			if tt.at != strings.Contains(res.Got, where) {
				t.Fatalf("English got = %q: naming the line %s is %v, want %v", res.Got, where, !tt.at, tt.at)
			}
			i18n.Use(i18n.Korean)
			rep := &grader.Report{Checks: []grader.CheckResult{res}}
			localReport("basic-auth", rep, nil)
			r := rep.Checks[0]
			if strings.Contains(r.Got, tt.english) || !hasHangul(r.Got) {
				t.Errorf("Korean got = %q: it falls back to English", r.Got)
			}
			if tt.at && !strings.Contains(r.Got, where) {
				t.Errorf("Korean got = %q lost the learner's line %s", r.Got, where)
			}
			if r.Hint != "" && !hasHangul(r.Hint) {
				t.Errorf("Korean hint = %q: it falls back to English", r.Hint)
			}
			if english.Expected != "" && !hasHangul(r.Expected) {
				t.Errorf("Korean expected = %q: it falls back to English", r.Expected)
			}
		})
	}
}

func hasHangul(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
}
