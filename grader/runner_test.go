package grader_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/grader/stages"
	"authlab/internal/labcopy"
)

// exercise copies the lab and replaces stage 1's exercise body: the
// learner's Protect becomes protect, the rest of the file stays the starter.
// The copy is the test's kept one, so a rerun compiles nothing anew.
func exercise(t *testing.T, protect string) string {
	t.Helper()
	dir := labcopy.Kept(t, "grader-"+t.Name())
	file := filepath.Join(dir, "exercises", "basicauth", "auth.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(src), "func Protect(")
	end := strings.Index(string(src), "// NewTransport returns")
	if start < 0 || end < 0 {
		t.Fatal("the starter no longer has Protect followed by NewTransport")
	}
	out := string(src[:start]) + protect + "\n\n" + string(src[end:])
	for _, pkg := range []string{"os", "log"} {
		if strings.Contains(protect, pkg+".") && !strings.Contains(out, `"`+pkg+`"`) {
			out = strings.Replace(out, `"net/http"`, "\"net/http\"\n\t\""+pkg+"\"", 1)
		}
	}
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func run(t *testing.T, root string) *grader.Report {
	t.Helper()
	s, _ := stages.Lookup("basic-auth")
	checks := s.Checks
	var phases []grader.Phase
	var seen int
	rep, err := (&grader.Runner{Root: root}).Run(context.Background(), s, "exercises/basicauth", grader.RunOptions{OnEvent: func(e grader.Event) {
		if e.Check != nil {
			seen++
		} else {
			phases = append(phases, e.Phase)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(phases) == 0 || phases[0] != grader.PhaseCompiling {
		t.Errorf("phases = %v, want compiling first", phases)
	}
	if len(rep.Checks) != len(checks) {
		t.Errorf("report has %d checks, want all %d", len(rep.Checks), len(checks))
	}
	if rep.Build == nil && seen == 0 && rep.Crash == "" {
		t.Error("no check event arrived while running")
	}
	return rep
}

func result(rep *grader.Report, id string) grader.CheckResult {
	for _, r := range rep.Checks {
		if r.ID == id {
			return r
		}
	}
	return grader.CheckResult{}
}

func TestCompileErrorBecomesABuildFailure(t *testing.T) {
	t.Parallel()
	rep := run(t, exercise(t, "func Protect(next http.Handler) (http.Handler, error) { return next, undefinedThing }"))
	if rep.Build == nil || rep.Passed {
		t.Fatalf("want a build failure, got %+v", rep)
	}
	if len(rep.Build.Errors) == 0 || rep.Build.Errors[0].File != "exercises/basicauth/auth.go" || rep.Build.Errors[0].Line == 0 ||
		!strings.Contains(rep.Build.Errors[0].Message, "undefinedThing") {
		t.Errorf("compile errors = %+v, want file:line naming undefinedThing", rep.Build.Errors)
	}
	if got := result(rep, "missing-header-401").Got; !strings.Contains(got, "does not compile") {
		t.Errorf("a check's got = %q, want it to say the package does not compile", got)
	}
}

func TestExitInLearnerCodeIsNamedAndTheOtherChecksStillRun(t *testing.T) {
	t.Parallel()
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	if os.Getenv(SecretEnv) == "" {
		os.Exit(3)
	}
	return next, nil
}`))
	if rep.Passed || rep.Crash != "" {
		t.Fatalf("want failed checks and no crash, got passed=%v crash=%q", rep.Passed, rep.Crash)
	}
	for _, id := range []string{"unset-secret-refused", "empty-secret-refused"} {
		if got := result(rep, id).Got; !strings.Contains(got, "os.Exit(3) or log.Fatal") {
			t.Errorf("%s got %q, want it to name os.Exit(3)", id, got)
		}
	}
	if !result(rep, "right-secret-works").Pass {
		t.Error("checks before the exit lost their results")
	}
}

func TestLogFatalSaysWhatItPrinted(t *testing.T) {
	t.Parallel()
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	if os.Getenv(SecretEnv) == "" {
		log.Fatal("no secret, giving up")
	}
	return next, nil
}`))
	got := result(rep, "unset-secret-refused").Got
	if !strings.Contains(got, "os.Exit(1) or log.Fatal") || !strings.Contains(got, "no secret, giving up") {
		t.Errorf("got %q, want log.Fatal named with what it printed", got)
	}
}

func TestOSExitZeroIsNamed(t *testing.T) {
	t.Parallel()
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	if os.Getenv(SecretEnv) == "" {
		os.Exit(0)
	}
	return next, nil
}`))
	r := result(rep, "unset-secret-refused")
	if !strings.Contains(r.Got, "os.Exit(0)") || !strings.HasPrefix(r.Where, "exercises/basicauth/auth.go:") {
		t.Errorf("got %q at %q, want os.Exit(0) named at the learner's line", r.Got, r.Where)
	}
}

func TestPanicInAGoroutineNamesTheLearnersLine(t *testing.T) {
	t.Parallel()
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() { panic("boom from a goroutine") }()
		select {}
	}), nil
}`))
	r := result(rep, "missing-header-401")
	if rep.Passed || !strings.Contains(r.Got, "boom from a goroutine") || !strings.HasPrefix(r.Where, "exercises/basicauth/auth.go:") {
		t.Fatalf("got %q at %q, want the panic and the learner's line", r.Got, r.Where)
	}
	if !result(rep, "listens-on-loopback-only").Pass {
		t.Error("a check that never serves a request lost its result")
	}
}

func TestHangIsNamedWithItsLineWellUnderAMinute(t *testing.T) {
	t.Parallel()
	start := time.Now()
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	select {}
}`))
	elapsed := time.Since(start)
	r := result(rep, "missing-header-401")
	if !strings.Contains(r.Got, "blocking") || !strings.HasPrefix(r.Where, "exercises/basicauth/auth.go:") || r.Hint != grader.HangHint {
		t.Errorf("got %q at %q with hint %q, want a hang at the learner's line with the hang hint", r.Got, r.Where, r.Hint)
	}
	if elapsed > 45*time.Second {
		t.Errorf("the verdict took %s, want well under a minute", elapsed)
	}
}

func TestNoGoToolIsAnError(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	s, _ := stages.Lookup("basic-auth")
	_, err := (&grader.Runner{Root: labcopy.Root(t)}).Run(context.Background(), s, "exercises/basicauth", grader.RunOptions{})
	if !errors.Is(err, grader.ErrNoGoTool) {
		t.Fatalf("err = %v, want ErrNoGoTool", err)
	}
}

func TestCancelStopsTheRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	s, _ := stages.Lookup("basic-auth")
	root := labcopy.Kept(t, "grader-"+t.Name())
	_, err := (&grader.Runner{Root: root}).Run(ctx, s, "exercises/basicauth", grader.RunOptions{OnEvent: func(e grader.Event) {
		if e.Phase == grader.PhaseRunning && e.Check == nil {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
