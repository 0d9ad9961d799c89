package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfirmationsOnATerminal answers the questions diff and reset ask on
// a real terminal: yes shows the diff, no leaves the file as it was. The
// diff goes to a file: the question is on stderr, so it stays out of it.
func TestConfirmationsOnATerminal(t *testing.T) {
	labDir := sharedLab(t)
	edited := []byte("package basicauth\n\n// edited by the learner\n")
	editFile(t, labDir, "exercises/basicauth/auth.go", edited)
	diffFile := filepath.Join(t.TempDir(), "diff")
	script := binary + ` diff basic-auth >` + diffFile + `; echo "diff exit $?"; ` + binary + ` reset basic-auth; echo "reset exit $?"; sleep 60`
	s := startTmux(t, labDir, 100, 30, "sh", "-c", script)

	s.waitFor("Show the diff against its solution anyway? [y/N]", 10*time.Second)
	s.keys("y", "Enter")
	if screen := s.waitFor("diff exit ", 10*time.Second); !strings.Contains(screen, "diff exit 0") {
		t.Errorf("after answering y, diff did not exit 0:\n%s", screen)
	}
	diff, _ := os.ReadFile(diffFile)
	if !strings.HasPrefix(string(diff), "--- exercises/basicauth/auth.go") || !strings.Contains(string(diff), "-// edited by the learner") {
		t.Errorf("after answering y, stdout holds no diff of the edited file:\n%s", diff)
	}

	s.waitFor("Your changes will be lost. [y/N]", 10*time.Second)
	s.keys("n", "Enter")
	if screen := s.waitFor("reset exit ", 10*time.Second); !strings.Contains(screen, "left as it was") || !strings.Contains(screen, "reset exit 1") {
		t.Errorf("after answering n, reset did not refuse with exit 1:\n%s", screen)
	}
	if now, _ := os.ReadFile(filepath.Join(labDir, "exercises", "basicauth", "auth.go")); string(now) != string(edited) {
		t.Errorf("after answering n, reset changed the exercise:\n%s", now)
	}
}
