package grader_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/stages"
	"authlab/internal/labcopy"
)

// exercise copies the lab and replaces stage 1's exercise body: the
// learner's Protect becomes protect, the rest of the file stays the starter.
func exercise(t *testing.T, protect string) string {
	t.Helper()
	dir := labcopy.New(t)
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
	if strings.Contains(protect, "os.") && !strings.Contains(out, `"os"`) {
		out = strings.Replace(out, `"net/http"`, "\"net/http\"\n\t\"os\"", 1)
	}
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func run(t *testing.T, root string) *grader.Report {
	t.Helper()
	checks, _ := stages.Checks("basic-auth")
	var phases []grader.Phase
	var seen int
	rep, err := (&grader.Runner{Root: root}).Run(context.Background(), "basic-auth", "exercises/basicauth", checks, func(e grader.Event) {
		if e.Check != nil {
			seen++
		} else {
			phases = append(phases, e.Phase)
		}
	})
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

func TestExitInLearnerCodeIsACrashNamingTheCheck(t *testing.T) {
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	if os.Getenv(SecretEnv) == "" {
		os.Exit(3)
	}
	return next, nil
}`))
	if rep.Passed || rep.Crash == "" {
		t.Fatalf("want a crash, got passed=%v crash=%q", rep.Passed, rep.Crash)
	}
	if got := result(rep, "unset-secret-refused").Got; !strings.Contains(got, "died during this check") {
		t.Errorf("unset-secret-refused got %q, want it named as the check the process died in", got)
	}
	if got := result(rep, "empty-secret-refused").Got; !strings.Contains(got, "stopped before this check") {
		t.Errorf("empty-secret-refused got %q, want not run", got)
	}
	if !result(rep, "right-secret-works").Pass {
		t.Error("checks before the crash lost their results")
	}
}

func TestPanicInAHandlerGoroutineIsACrash(t *testing.T) {
	rep := run(t, exercise(t, `func Protect(next http.Handler) (http.Handler, error) {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() { panic("boom from a goroutine") }()
		select {}
	}), nil
}`))
	if rep.Passed || !strings.Contains(rep.Crash, "boom from a goroutine") {
		t.Fatalf("want a crash showing the panic, got crash=%q\nchecks: %+v", rep.Crash, rep.Checks[:2])
	}
}

func TestNoGoToolIsAnError(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	checks, _ := stages.Checks("basic-auth")
	_, err := (&grader.Runner{Root: labcopy.Root(t)}).Run(context.Background(), "basic-auth", "exercises/basicauth", checks, nil)
	if !errors.Is(err, grader.ErrNoGoTool) {
		t.Fatalf("err = %v, want ErrNoGoTool", err)
	}
}

func TestCancelStopsTheRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	checks, _ := stages.Checks("basic-auth")
	root := labcopy.New(t)
	_, err := (&grader.Runner{Root: root}).Run(ctx, "basic-auth", "exercises/basicauth", checks, func(e grader.Event) {
		if e.Phase == grader.PhaseRunning && e.Check == nil {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
