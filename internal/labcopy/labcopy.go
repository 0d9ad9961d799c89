// Package labcopy copies an authlab checkout into a temporary folder, so
// tests can edit exercises, reset them and record progress without touching
// the real tree.
package labcopy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// parts are the files and folders that make up a lab.
var parts = []string{"go.mod", "go.sum", "cmd", "exercises", "grader", "internal", "lessons", "solutions", "tui"}

// TB is the part of a test labcopy uses; *testing.T and testing.TB satisfy
// it, so this package need not import testing, which only tests may.
type TB interface {
	Helper()
	Fatal(args ...any)
	TempDir() string
	Cleanup(f func())
}

// Root returns the root of the checkout this package was compiled from.
func Root(t TB) string {
	root, err := sourceRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// sourceRoot is Root for callers without a test.
func sourceRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("labcopy: cannot locate the source tree")
	}
	return filepath.Join(filepath.Dir(file), "..", ".."), nil
}

// New copies the lab into a fresh temporary folder and returns its path.
// Each exercise in the copy is its pristine starter, whatever the state of
// the exercises in the source tree.
func New(t TB) string {
	dst := t.TempDir()
	Into(t, dst)
	return dst
}

// Into copies the lab into dst, an existing folder, as New does: for a copy
// that outlives one test, shared by several.
func Into(t TB, dst string) {
	if err := copyInto(Root(t), dst); err != nil {
		t.Fatal(err)
	}
}

// copyInto copies the lab at src into dst, each exercise as its starter.
func copyInto(src, dst string) error {
	for _, part := range parts {
		from := filepath.Join(src, part)
		if _, err := os.Stat(from); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			target := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil {
			return fmt.Errorf("labcopy: %w", err)
		}
	}
	starters, err := filepath.Glob(filepath.Join(dst, "lessons", "starters", "*", "*"))
	if err != nil {
		return fmt.Errorf("labcopy: %w", err)
	}
	for _, starter := range starters {
		rel, _ := filepath.Rel(filepath.Join(dst, "lessons", "starters"), starter)
		b, err := os.ReadFile(starter)
		if err != nil {
			return fmt.Errorf("labcopy: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dst, "exercises", rel), b, 0o644); err != nil {
			return fmt.Errorf("labcopy: %w", err)
		}
	}
	return nil
}
