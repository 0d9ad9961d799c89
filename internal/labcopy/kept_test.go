package labcopy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestKeptCopyKeepsOnlyTheTestBinaries checks that a kept copy comes back
// at the same path as a new learner's lab, with the runner's test binaries
// still in it, and that a copy in use is not handed out twice.
func TestKeptCopyKeepsOnlyTheTestBinaries(t *testing.T) {
	name := fmt.Sprintf("labcopy-test-%d", os.Getpid())
	dir, release, err := Keep(name)
	if errors.Is(err, errNoLocks) {
		return // Kept falls back to New, which the other tests use
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir); os.Remove(dir + ".lock") })
	if _, _, err := Keep(name); !errors.Is(err, errLocked) {
		t.Errorf("a second Keep of a copy in use: err = %v, want errLocked", err)
	}
	starter, err := os.ReadFile(filepath.Join(dir, "lessons", "starters", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]string{
		".authlab/bin/exercises_basicauth.test": "a test binary",
		".authlab/progress.json":                "{}",
		"exercises/basicauth/auth.go":           "package basicauth // edited",
		"exercises/basicauth/extra.go":          "package basicauth",
	}
	for rel, content := range left {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	release()

	again, release, err := Keep(name)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if again != dir {
		t.Errorf("kept copy moved from %s to %s", dir, again)
	}
	for _, tt := range []struct {
		rel  string
		want string // "" when the file must be gone
	}{
		{".authlab/bin/exercises_basicauth.test", "a test binary"},
		{".authlab/progress.json", ""},
		{"exercises/basicauth/auth.go", string(starter)},
		{"exercises/basicauth/extra.go", ""},
	} {
		b, err := os.ReadFile(filepath.Join(again, filepath.FromSlash(tt.rel)))
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("%s survived in the kept copy", tt.rel)
		case tt.want != "" && string(b) != tt.want:
			t.Errorf("%s = %q (%v), want %q", tt.rel, b, err, tt.want)
		}
	}
}
