package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEditorKeepsTheUsersTemp opens the learner's editor from the real TUI
// (e): it must get the user's own TMPDIR, and TMP and TEMP unset as the
// user had them, not authlab's scratch folder, which goes when authlab
// exits and would take the temporary files of what the editor starts
// (gopls, a daemon) with it.
func TestEditorKeepsTheUsersTemp(t *testing.T) {
	labDir := sharedLab(t)
	dir := t.TempDir()
	userTemp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(userTemp, 0o700); err != nil {
		t.Fatal(err)
	}
	seen := filepath.Join(dir, "editor-env")
	editor := filepath.Join(dir, "editor")
	script := "#!/bin/sh\necho \"TMPDIR=${TMPDIR-unset} TMP=${TMP-unset} TEMP=${TEMP-unset}\" > " + seen + ".part && mv " + seen + ".part " + seen + "\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := startTmux(t, labDir, 100, 30, "env", "-u", "TMP", "-u", "TEMP", "TMPDIR="+userTemp, "EDITOR="+editor, binary)
	s.waitFor("Basic auth: a shared secret", 10*time.Second)
	s.keys("e")
	var got []byte
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var err error
		if got, err = os.ReadFile(seen); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the editor did not run within 10s; screen:\n%s", s.screen())
		}
	}
	if want := "TMPDIR=" + userTemp + " TMP=unset TEMP=unset"; strings.TrimSpace(string(got)) != want {
		t.Errorf("the editor's environment: %s, want %s", got, want)
	}

	s.keys("q")
	for deadline := time.Now().Add(10 * time.Second); s.running(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; screen:\n%s", s.screen())
		}
	}
	if kept, _ := filepath.Glob(filepath.Join(userTemp, "authlab-*", "*")); len(kept) != 0 {
		t.Errorf("authlab left %v in the user's temporary folder", kept)
	}
}
