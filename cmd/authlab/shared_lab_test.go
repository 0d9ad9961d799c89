package main

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"authlab/internal/labcopy"
)

// sharedDir is the lab copy the short tests of this package work in, one
// at a time: a kept copy (labcopy.Keep), since each fresh copy compiles
// authlab's packages anew (the build cache keys them by folder). A test
// puts back the files it edits (editFile) and its progress is wiped when it
// ends, so the next test finds a new learner's lab.
var sharedDir string

// fallbackDir is where the shared copy is made when another process holds
// the kept one; TestMain sets it.
var fallbackDir string

// sharedOnce makes the shared copy once.
var sharedOnce sync.Once

// sharedLab returns the shared lab copy, making it on first use, and wipes
// the progress the test records when it ends. Tests that use it do not
// call t.Parallel, but for TestCheckAllJSON, which only reads the lab.
func sharedLab(t *testing.T) string {
	t.Helper()
	sharedOnce.Do(func() {
		// The kept copy stays locked until the process ends.
		dir, _, err := labcopy.Keep("cmd-authlab")
		if err != nil {
			dir = fallbackDir
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			labcopy.Into(t, dir)
		}
		sharedDir = dir
	})
	if sharedDir == "" {
		t.Fatal("the shared lab copy could not be made (see the first test that failed)")
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

// ownLab returns a lab copy for t alone, kept from one run to the next:
// for a long test that edits the lab while others run beside it.
func ownLab(t *testing.T) string {
	t.Helper()
	t.Parallel()
	return labcopy.Kept(t, "cmd-authlab-"+t.Name())
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
