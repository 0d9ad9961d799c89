package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"authlab/internal/labcopy"
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
	code, out, errs := runIn(dir, "dev", "new", "audit-log")
	if code != ExitOK {
		t.Fatalf("dev new audit-log: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"wrote lessons/manifest.json", "wrote lessons/manifest.ko.json", "wrote grader/stages/stages.go", "wrote grader/auditlogcheck/mutants_test.go",
		"wrote lessons/ko/05-audit-log.md", "wrote internal/i18n/locales/checks.ko.toml", "verify audit-log"} {
		if !strings.Contains(out, want) {
			t.Errorf("dev new does not say %q:\n%s", want, out)
		}
	}

	// -trimpath lets the build cache serve the lab's unchanged packages
	// from any earlier run, wherever its copy was.
	env := []string{"GOFLAGS=-trimpath"}
	bin := filepath.Join(t.TempDir(), "authlab")
	goIn(t, dir, env, "build", "-o", bin, "./cmd/authlab")
	verify := exec.Command(bin, "verify", "audit-log")
	verify.Dir, verify.Env = dir, append(os.Environ(), env...)
	got, err := verify.CombinedOutput()
	if err != nil {
		t.Fatalf("authlab verify audit-log: %v\n%s", err, got)
	}
	for _, want := range []string{"✓ solutions/auditlog passes 1 of 1 checks and 1 deep checks", "✓ lessons/starters/auditlog fails 1 of 1 checks", "verify: OK"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("verify does not say %q:\n%s", want, got)
		}
	}

	goIn(t, dir, env, "vet", "./grader/auditlogcheck", "./grader/stages", "./solutions/auditlog", "./exercises/auditlog", "./lessons/starters/auditlog")
	goIn(t, dir, env, "vet", "-tags=authlab", "./solutions/auditlog", "./exercises/auditlog", "./lessons/starters/auditlog")
	goIn(t, dir, env, "test", "./grader/auditlogcheck", "./lessons", "./internal/i18n")

	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"dev", "new", "audit-log"}, ExitFailed, "already lists a stage audit-log"},
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
