package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"authlab/internal/labcopy"
	"authlab/lessons"
)

// runIn runs the authlab command line on the lab at dir and returns its
// exit code, stdout and stderr.
func runIn(dir string, args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := Run(context.Background(), Env{
		Args: append([]string{"--lab", dir}, args...), Stdin: strings.NewReader(""),
		Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" },
	})
	return code, out.String(), errs.String()
}

// goIn runs the go command in dir with env added and returns its output,
// failing the test when it fails.
func goIn(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in the scaffolded lab: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestDevNewStageIsGradedAtOnce proves the README's recipe for adding a
// stage: `authlab dev new` in a copy of the lab, and at once `authlab
// verify` (built from the copy, whose embedded course has the new stage)
// finds the solution passing and the starter failing, go vet passes on the
// new packages, and their tests, the course's content tests and the
// translation lints pass.
func TestDevNewStageIsGradedAtOnce(t *testing.T) {
	dir := labcopy.New(t)
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	// An id no stage has, even in a lab where an author has just run
	// dev new with the id this test would pick.
	taken := func(id string) bool {
		return slices.ContainsFunc(course.Stages, func(s lessons.Stage) bool {
			return s.ID == id || s.Package == strings.ReplaceAll(id, "-", "")
		})
	}
	id := "proof"
	for n := 2; taken(id); n++ {
		id = fmt.Sprintf("proof-%d", n)
	}
	pkg := strings.ReplaceAll(id, "-", "")
	code, out, errs := runIn(dir, "dev", "new", id)
	if code != ExitOK {
		t.Fatalf("dev new %s: exit %d\n%s%s", id, code, out, errs)
	}
	lesson := fmt.Sprintf("%02d-%s.md", len(course.Stages)+1, id)
	for _, want := range []string{"wrote lessons/manifest.json", "wrote lessons/manifest.ko.json", "wrote grader/stages/stages.go", "wrote grader/" + pkg + "check/mutants_test.go",
		"wrote lessons/ko/" + lesson, "wrote internal/i18n/locales/checks.ko.toml",
		"wrote internal/i18n/locales/phrases.ko.toml", "wrote grader/" + pkg + "check/phrases.go", "verify " + id} {
		if !strings.Contains(out, want) {
			t.Errorf("dev new does not say %q:\n%s", want, out)
		}
	}

	// -trimpath lets the build cache serve the lab's unchanged packages
	// from any earlier run, wherever its copy was.
	env := []string{"GOFLAGS=-trimpath"}
	bin := filepath.Join(t.TempDir(), "authlab")
	goIn(t, dir, env, "build", "-o", bin, "./cmd/authlab")
	verify := exec.Command(bin, "verify", id)
	verify.Dir, verify.Env = dir, append(os.Environ(), env...)
	got, err := verify.CombinedOutput()
	if err != nil {
		t.Fatalf("authlab verify %s: %v\n%s", id, err, got)
	}
	for _, want := range []string{"✓ solutions/" + pkg + " passes 1 of 1 checks and 1 deep checks", "✓ lessons/starters/" + pkg + " fails 1 of 1 checks", "verify: OK"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("verify does not say %q:\n%s", want, got)
		}
	}

	packages := []string{"./solutions/" + pkg, "./exercises/" + pkg, "./lessons/starters/" + pkg}
	goIn(t, dir, env, append([]string{"vet", "./grader/" + pkg + "check", "./grader/stages"}, packages...)...)
	goIn(t, dir, env, append([]string{"vet", "-tags=authlab"}, packages...)...)
	goIn(t, dir, env, "test", "./grader/"+pkg+"check", "./lessons", "./internal/i18n")

	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"dev", "new", id}, ExitFailed, "already lists a stage " + id},
		{[]string{"dev", "new", "Audit_Log"}, ExitFailed, "kebab-case"},
		{[]string{"dev", "new"}, ExitUsage, "usage: authlab dev new ID"},
		{[]string{"dev", "old", "x"}, ExitUsage, "usage: authlab dev new ID"},
	}
	for _, tt := range tests {
		code, _, errs := runIn(dir, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.says) {
			t.Errorf("authlab %s: exit %d, %q; want exit %d saying %q", strings.Join(tt.args, " "), code, errs, tt.code, tt.says)
		}
	}
}
