package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/grader/stages"
	"authlab/lessons"
)

// binary is the authlab command built once for the tests in this file.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "authlab-e2e-")
	if err != nil {
		panic(err)
	}
	binary, fallbackDir = filepath.Join(dir, "authlab"), filepath.Join(dir, "lab")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic("building authlab: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// starterPasses is how many stage-1 checks the starter passes: it lets
// every request through (so the right secret works, in any case), opens no
// listener, and prints, changes and sends elsewhere nothing.
const starterPasses = 6

// stageOneChecks is the number of stage 1's checks.
func stageOneChecks(t *testing.T) int {
	s, ok := stages.Lookup("basic-auth")
	if !ok {
		t.Fatal("no checks for basic-auth")
	}
	return len(s.Checks)
}

// stageOneDeepChecks is the number of stage 1's deep checks.
func stageOneDeepChecks(t *testing.T) int {
	s, _ := stages.Lookup("basic-auth")
	if len(s.Deep) == 0 {
		t.Fatal("basic-auth has no deep checks")
	}
	return len(s.Deep)
}

// checkDoc is what `check --json` prints, as far as the tests read it.
type checkDoc struct {
	Passed bool `json:"passed"`
	Stages []struct {
		Stage  string `json:"stage"`
		Tier   string `json:"tier"`
		Passed bool   `json:"passed"`
		Seed   uint64 `json:"seed"`
		Checks []struct {
			ID, Name, Expected, Got, Hint, Where string
			Pass                                 bool
		} `json:"checks"`
		Deep *struct {
			Tier   string `json:"tier"`
			Passed bool   `json:"passed"`
			Seed   uint64 `json:"seed"`
			Race   string `json:"race"`
			Checks []struct {
				ID   string `json:"id"`
				Pass bool   `json:"pass"`
			} `json:"checks"`
		} `json:"deep"`
	} `json:"stages"`
}

// starterVerdict is the last line `check basic-auth` prints for the starter.
func starterVerdict(t *testing.T) string {
	return fmt.Sprintf("FAIL: %d of %d checks pass", starterPasses, stageOneChecks(t))
}

// stageCount is the number of stages in the course.
func stageCount(t *testing.T) int {
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	return len(course.Stages)
}

// deepScale has the deep tier's differential checks send a twentieth of
// their variants (grader.DeepScaleEnv): these tests prove what authlab does
// with a deep run, and each stage's own tests prove the checks at their
// full budget, where they take seconds more per run.
var deepScale = grader.DeepScaleEnv + "=0.05"

// run runs authlab in labDir with stdin closed and returns stdout, stderr and
// the exit code.
func run(t *testing.T, labDir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = labDir
	cmd.Env = append(os.Environ(), "TERM=dumb", deepScale)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running authlab %v: %v", args, err)
	}
	return stdout.String(), stderr.String(), code
}

// TestCheckFromStarterToSolution follows a learner through stage 1 in one
// lab (one build of its packages): the starter fails, a bug only the
// differential check finds is replayed with its seed, and the solution
// passes both tiers.
func TestCheckFromStarterToSolution(t *testing.T) {
	labDir := ownLab(t)

	out, _, code := run(t, labDir, "check", "basic-auth")
	if code != 1 {
		t.Fatalf("check on the starter: exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{"✗ missing-header-401", "✗ wrong-secret-403", "✗ client-lists-tools", starterVerdict(t), "expected:", "got:", "hint:"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("plain output contains escape codes:\n%q", out)
	}

	assertSeedReplays(t, labDir)

	solution, err := os.ReadFile(filepath.Join(labDir, "solutions", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, labDir, "exercises/basicauth/auth.go", solution)
	// The one run here that goes through the deep tier: in JSON, so that
	// the deep report can be read.
	out, errOut, code := run(t, labDir, "check", "basic-auth", "--json")
	if code != 0 {
		t.Fatalf("check with the solution in place: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	var doc checkDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Stages) != 1 {
		t.Fatalf("check --json: %v\n%s", err, out)
	}
	rep := doc.Stages[0]
	if !doc.Passed || !rep.Passed || rep.Tier != "fast" || rep.Seed == 0 || len(rep.Checks) != stageOneChecks(t) {
		t.Errorf("check --json on the solution: passed %v/%v, tier %q, seed %d, %d checks", doc.Passed, rep.Passed, rep.Tier, rep.Seed, len(rep.Checks))
	}
	switch deep := rep.Deep; {
	case deep == nil:
		t.Fatalf("check --json on the solution carries no deep report:\n%s", out)
	case !deep.Passed || deep.Tier != "deep" || deep.Seed != rep.Seed || len(deep.Checks) != stageOneDeepChecks(t):
		t.Errorf("deep report: passed %v, tier %q, seed %d (fast: %d), %d checks", deep.Passed, deep.Tier, deep.Seed, rep.Seed, len(deep.Checks))
	case deep.Race != "" && !strings.HasPrefix(deep.Race, "the race detector cannot run"):
		t.Errorf("deep report: race %q, want nothing or why the race detector is off", deep.Race)
	}
	if strings.Contains(errOut, "preparing the deep checks") {
		t.Errorf("check --json said more than JSON:\n%s", errOut)
	}
	out, _, _ = run(t, labDir, "list")
	if !strings.Contains(out, "✓ 1. basic-auth") || !strings.Contains(out, fmt.Sprintf("1 of %d stages passed", stageCount(t))) {
		t.Errorf("list after passing does not show the stage as passed:\n%s", out)
	}
	out, _, _ = run(t, labDir, "list", "--json")
	var rows []struct {
		ID       string     `json:"id"`
		Passed   bool       `json:"passed"`
		PassedAt *time.Time `json:"passed_at"`
		Unlocked bool       `json:"unlocked"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) < 2 {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	if !rows[0].Passed || rows[0].PassedAt == nil || time.Since(*rows[0].PassedAt) > time.Hour || !rows[1].Unlocked || rows[1].Passed {
		t.Errorf("list --json after passing stage 1: %+v", rows[:2])
	}
}

func TestCheckAllJSON(t *testing.T) {
	t.Parallel()
	labDir := sharedLab(t)
	junit := filepath.Join(t.TempDir(), "authlab.xml")
	out, _, code := run(t, labDir, "check", "--all", "--json", "--junit", junit)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the starters fail)", code)
	}
	var doc checkDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not one JSON document: %v\n%s", err, out)
	}
	assertJUnitMatches(t, junit, doc)
	if doc.Passed || len(doc.Stages) != stageCount(t) || doc.Stages[0].Stage != "basic-auth" {
		t.Fatalf("want every stage reported, failing, basic-auth first; got %+v", doc)
	}
	for _, st := range doc.Stages {
		if st.Passed || len(st.Checks) == 0 || st.Deep != nil {
			t.Errorf("stage %s: passed=%v with %d checks, deep report %v; a starter must fail before its deep checks", st.Stage, st.Passed, len(st.Checks), st.Deep != nil)
		}
	}
	failing := 0
	for _, c := range doc.Stages[0].Checks {
		if c.ID == "" || c.Name == "" || c.Hint == "" {
			t.Errorf("check lacks id, name or hint: %+v", c)
		}
		if !c.Pass {
			failing++
			if c.Expected == "" || c.Got == "" {
				t.Errorf("failed check %s lacks expected or got", c.ID)
			}
		}
	}
	if want := stageOneChecks(t) - starterPasses; failing != want {
		t.Errorf("%d failing checks on the starter, want %d", failing, want)
	}
}

func TestCompileErrorIsReadable(t *testing.T) {
	labDir := sharedLab(t)
	src, _ := os.ReadFile(filepath.Join(labDir, "exercises", "basicauth", "auth.go"))
	broken := strings.Replace(string(src), "return &bearerTransport{secret: secret, base: base}", "return &bearerTransport{secret: secret, base: base", 1)
	editFile(t, labDir, "exercises/basicauth/auth.go", []byte(broken))
	out, _, code := run(t, labDir, "check", "basic-auth")
	if code != 1 || !strings.Contains(out, "does not compile") || !strings.Contains(out, "exercises/basicauth/auth.go:") {
		t.Fatalf("exit %d; want 1 and a file:line compile error:\n%s", code, out)
	}
}

func TestMissingExerciseFileIsNamed(t *testing.T) {
	labDir := sharedLab(t)
	editFile(t, labDir, "exercises/basicauth/auth.go", nil)
	junit := filepath.Join(t.TempDir(), "authlab.xml")
	_, stderr, code := run(t, labDir, "check", "basic-auth", "--junit", junit)
	want := "exercises/basicauth/auth.go is missing: `authlab reset basic-auth` puts the starter back"
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "compile") {
		t.Fatalf("exit %d; want 1 and %q, no compile error:\n%s", code, want, stderr)
	}
	if report, err := os.ReadFile(junit); err != nil || !strings.Contains(string(report), `<error message="not run: exercises/basicauth/auth.go is missing"`) {
		t.Errorf("the JUnit report does not name the missing file: %v\n%s", err, report)
	}
}

func TestEditedEntryFileIsRestored(t *testing.T) {
	labDir := sharedLab(t)
	editFile(t, labDir, "exercises/basicauth/authlab_test.go", []byte("//go:build authlab\n\npackage basicauth\n"))
	out, _, code := run(t, labDir, "check", "basic-auth")
	if code != 1 || !strings.Contains(out, "was restored") || !strings.Contains(out, starterVerdict(t)) {
		t.Fatalf("exit %d; want the entry file restored and the checks run:\n%s", code, out)
	}
}

func TestHintResetAndConfirmations(t *testing.T) {
	labDir := sharedLab(t)
	out, _, code := run(t, labDir, "hint", "basic-auth", "1")
	if code != 0 || !strings.HasPrefix(out, "1/") {
		t.Errorf("hint 1: exit %d, output %q", code, out)
	}

	file := filepath.Join(labDir, "exercises", "basicauth", "auth.go")
	starter, _ := os.ReadFile(file)
	editFile(t, labDir, "exercises/basicauth/auth.go", []byte("package basicauth\n"))
	_, errOut, code := run(t, labDir, "reset", "basic-auth")
	if code != 2 || !strings.Contains(errOut, "pass --yes") {
		t.Errorf("reset without a terminal: exit %d, stderr %q; want 2 and a refusal naming --yes", code, errOut)
	}
	if _, _, code := run(t, labDir, "reset", "basic-auth", "--yes"); code != 0 {
		t.Fatalf("reset --yes: exit %d", code)
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, starter) {
		t.Error("reset --yes did not restore the starter")
	}

	for _, command := range []string{"solution", "diff"} {
		out, errOut, code = run(t, labDir, command, "basic-auth")
		if code != 2 || !strings.Contains(errOut, "pass --yes") || out != "" {
			t.Errorf("%s on an unpassed stage without a terminal: exit %d, stdout %q, stderr %q; want 2, nothing shown, and --yes named", command, code, out, errOut)
		}
	}
	out, _, code = run(t, labDir, "solution", "basic-auth", "--yes")
	if code != 0 || !strings.Contains(out, "subtle.ConstantTimeCompare") {
		t.Errorf("solution --yes: exit %d, output lacks the solution", code)
	}
	out, _, code = run(t, labDir, "diff", "basic-auth", "--yes")
	if code != 0 || !strings.Contains(out, "+++ solutions/basicauth/auth.go") {
		t.Errorf("diff --yes: exit %d, output %q", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	labDir := sharedLab(t)
	for _, args := range [][]string{{"frobnicate"}, {"check", "no-such-stage"}, {"check", "basic-auth", "--all"}, {"serve", "--addr", "0.0.0.0:8080"}} {
		_, errOut, code := run(t, labDir, args...)
		if code != 2 || errOut == "" {
			t.Errorf("authlab %v: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
	_, errOut, code := run(t, t.TempDir(), "list")
	if code != 3 || !strings.Contains(errOut, "not inside an authlab checkout") {
		t.Errorf("outside a lab: exit %d, stderr %q", code, errOut)
	}
}

func TestCorruptProgressIsSetAside(t *testing.T) {
	labDir := sharedLab(t)
	if err := os.MkdirAll(filepath.Join(labDir, ".authlab"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(labDir, ".authlab", "progress.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, labDir, "list")
	if code != 0 || !strings.Contains(errOut, "was kept as") || !strings.Contains(out, fmt.Sprintf("0 of %d stages passed", stageCount(t))) {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	kept, _ := filepath.Glob(filepath.Join(labDir, ".authlab", "progress.json.unreadable-*"))
	if len(kept) != 1 {
		t.Errorf("the corrupt file was not kept aside: %v", kept)
	}
}

func TestNoGoTool(t *testing.T) {
	labDir := sharedLab(t)
	cmd := exec.Command(binary, "check", "basic-auth")
	cmd.Dir = labDir
	cmd.Env = []string{"PATH=" + t.TempDir(), "HOME=" + os.Getenv("HOME"), "TERM=dumb"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 || !strings.Contains(stderr.String(), "install Go") {
		t.Fatalf("without go on PATH: %v, stderr %q; want exit 3 and how to install Go", err, stderr.String())
	}
}

func TestWithoutATerminalTheLabPrintsThePlainChecks(t *testing.T) {
	labDir := sharedLab(t)
	out, _, code := run(t, labDir)
	if code != 1 || !strings.Contains(out, "basic-auth · ") || !strings.Contains(out, starterVerdict(t)) {
		t.Fatalf("authlab with no terminal: exit %d, want 1 and the plain checks:\n%s", code, out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("plain output contains escape codes:\n%q", out)
	}
}
