package main

import (
	"os"
	"path/filepath"
	"testing"

	"authlab/internal/labcopy"
)

// sharedDir is the one lab copy every test of this package works in: each
// fresh copy compiles authlab's packages anew (the build cache keys them by
// folder), so sharing spares that work. A test puts back the files it edits
// (editFile) and its progress is wiped when it ends, so the next test finds
// a new learner's lab.
var sharedDir string

// sharedReady says the shared copy was made.
var sharedReady bool

// sharedLab returns the shared lab copy, making it on first use, and wipes
// the progress the test records when it ends. The tests of this package
// run one at a time, so no lock is needed.
func sharedLab(t *testing.T) string {
	t.Helper()
	if !sharedReady {
		if err := os.MkdirAll(sharedDir, 0o755); err != nil {
			t.Fatal(err)
		}
		labcopy.Into(t, sharedDir)
		sharedReady = true
	}
	t.Cleanup(func() {
		kept, _ := filepath.Glob(filepath.Join(sharedDir, ".authlab", "progress.json*"))
		for _, f := range kept {
			if err := os.Remove(f); err != nil {
				t.Errorf("wiping the progress: %v", err)
			}
		}
	})
	return sharedDir
}

// editFile replaces a file of the lab (removes it when content is nil) and
// puts it back as it was when the test ends.
func editFile(t *testing.T, labDir, rel string, content []byte) {
	t.Helper()
	path := filepath.Join(labDir, filepath.FromSlash(rel))
	before, err := os.ReadFile(path)
	existed := err == nil
	t.Cleanup(func() {
		if existed {
			if err := os.WriteFile(path, before, 0o644); err != nil {
				t.Errorf("restoring %s: %v", rel, err)
			}
			return
		}
		os.Remove(path)
	})
	if content == nil {
		err = os.Remove(path)
	} else {
		err = os.WriteFile(path, content, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
