package progress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFreshStartAndPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "progress.json")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Passed("basic-auth") || s.Current() != "" || s.Warning() != "" {
		t.Fatalf("fresh store is not empty")
	}
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.MarkPassed("basic-auth", first); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPassed("basic-auth", first.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrent("jwt"); err != nil {
		t.Fatal(err)
	}

	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at, ok := again.PassedAt("basic-auth")
	if !ok || !at.Equal(first) {
		t.Errorf("PassedAt = %v, %v; want %v (the first pass is kept)", at, ok, first)
	}
	if again.Current() != "jwt" {
		t.Errorf("Current = %q, want jwt", again.Current())
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".progress-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestUnreadableFileIsSetAside(t *testing.T) {
	for name, content := range map[string]string{
		"corrupt":        `{"version": 1, "passed": {`,
		"unknown format": `{"version": 99, "passed": {}}`,
		"not an object":  `[1, 2, 3]`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "progress.json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v; want a fresh start", err)
			}
			if s.Passed("basic-auth") {
				t.Error("fresh store claims a passed stage")
			}
			aside, _ := filepath.Glob(path + ".unreadable-*")
			if len(aside) != 1 {
				t.Fatalf("set-aside files = %v, want exactly one", aside)
			}
			kept, _ := os.ReadFile(aside[0])
			if string(kept) != content {
				t.Errorf("set-aside file holds %q, want the original %q", kept, content)
			}
			if w := s.Warning(); !strings.Contains(w, aside[0]) {
				t.Errorf("Warning() = %q, want it to name %s", w, aside[0])
			}
			if err := s.MarkPassed("basic-auth", time.Now()); err != nil {
				t.Fatal(err)
			}
			if again, _ := Open(path); !again.Passed("basic-auth") || again.Warning() != "" {
				t.Error("progress saved after a fresh start does not load back cleanly")
			}
		})
	}
}

func TestUnreadablePathIsAnError(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir); err == nil {
		t.Fatal("Open on a directory succeeded; want an error")
	}
}
