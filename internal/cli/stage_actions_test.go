package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"authlab/internal/lab"
	"authlab/internal/labcopy"
)

// TestConfirmationsWithoutATerminal holds solution, diff and reset to one
// rule: while they would show the solution of an unpassed stage, or lose
// the learner's changes, they ask first; with no terminal to ask on, even
// with a "y" piped in, they refuse with exit 2 and name --yes.
func TestConfirmationsWithoutATerminal(t *testing.T) {
	dir := labcopy.New(t)
	exercise := filepath.Join(dir, "exercises", "basicauth", "auth.go")
	edited := []byte("package basicauth\n\n// edited by the learner\n")
	tests := []struct {
		name      string
		args      []string
		passed    bool // basic-auth is passed first
		code      int
		stdout    string // what the output must contain ("" for nothing at all)
		stderr    string
		keepsEdit bool
	}{
		{name: "solution of an unpassed stage", args: []string{"solution", "basic-auth"}, code: ExitUsage,
			stderr: "you have not passed basic-auth yet: pass --yes to show its solution anyway"},
		{name: "diff of an unpassed stage", args: []string{"diff", "basic-auth"}, code: ExitUsage,
			stderr: "you have not passed basic-auth yet: pass --yes to show the diff against its solution anyway"},
		{name: "reset", args: []string{"reset", "basic-auth"}, code: ExitUsage, keepsEdit: true,
			stderr: "resetting loses your changes to exercises/basicauth/auth.go: pass --yes to reset it without asking"},
		{name: "reset of a passed stage", args: []string{"reset", "basic-auth"}, passed: true, code: ExitUsage, keepsEdit: true,
			stderr: "pass --yes to reset it"},
		{name: "solution --yes", args: []string{"solution", "basic-auth", "--yes"}, code: ExitOK, stdout: "subtle.ConstantTimeCompare"},
		{name: "diff --yes", args: []string{"diff", "basic-auth", "--yes"}, code: ExitOK, stdout: "+++ solutions/basicauth/auth.go"},
		{name: "reset --yes", args: []string{"reset", "basic-auth", "--yes"}, code: ExitOK, stdout: "is back to its starter"},
		{name: "solution of a passed stage", args: []string{"solution", "basic-auth"}, passed: true, code: ExitOK, stdout: "subtle.ConstantTimeCompare"},
		{name: "diff of a passed stage", args: []string{"diff", "basic-auth"}, passed: true, code: ExitOK, stdout: "+++ solutions/basicauth/auth.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			progress := filepath.Join(dir, ".authlab")
			os.RemoveAll(progress)
			t.Cleanup(func() { os.RemoveAll(progress) })
			if tt.passed {
				l, err := lab.Open(dir)
				if err != nil {
					t.Fatal(err)
				}
				if err := l.Progress.MarkPassed("basic-auth", time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(exercise, edited, 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), Env{
				Args:  append([]string{"--lab", dir}, tt.args...),
				Stdin: strings.NewReader("y\n"), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" },
			})
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, stdout.String(), stderr.String())
			}
			if tt.stdout == "" && stdout.Len() > 0 || !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q, want it to contain %q (nothing at all when empty)", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.stderr)
			}
			if now, _ := os.ReadFile(exercise); bytes.Equal(now, edited) != tt.keepsEdit && tt.args[0] == "reset" {
				t.Errorf("after %v the exercise is %q", tt.args, now)
			}
		})
	}
}
