package main

import (
	"os"
	"path/filepath"
	"testing"

	"authlab/internal/labcopy"
)

// sharedDir is the one lab copy shared by the tests that leave it as they
// found it: each fresh copy compiles authlab's packages anew (the build
// cache keys them by folder), so sharing spares that work. Tests that
// record progress get a copy of their own.
var sharedDir string

// sharedReady says the shared copy was made.
var sharedReady bool

// sharedLab returns the shared lab copy, making it on first use. The tests
// of this package run one at a time, so no lock is needed.
func sharedLab(t *testing.T) string {
	t.Helper()
	if !sharedReady {
		if err := os.MkdirAll(sharedDir, 0o755); err != nil {
			t.Fatal(err)
		}
		labcopy.Into(t, sharedDir)
		sharedReady = true
	}
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
