package scaffold

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"authlab/internal/labcopy"
	"authlab/lessons"
)

// TestManifestsKeepTheirForm re-encodes the real manifest and its Korean
// translation and demands the same bytes, so that adding a stage changes
// only the lines of the stage (and fails here the day a manifest has a
// field New does not know).
func TestManifestsKeepTheirForm(t *testing.T) {
	tests := []struct {
		file   string
		parsed any
	}{
		{ManifestFile, &lessons.Course{}},
		{KoreanManifestFile, &koreanCourse{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(labcopy.Root(t), filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, tt.parsed); err != nil {
				t.Fatal(err)
			}
			got, err := encodeManifest(tt.parsed)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(b) {
				t.Errorf("%s re-encoded differs from the file: keep it as encodeManifest writes it (two spaces of indent, no escaped <, >, &), with only the fields New knows", tt.file)
			}
		})
	}
}

// TestNewRefuses names ids New must refuse, and demands that it writes
// nothing for them.
func TestNewRefuses(t *testing.T) {
	root := t.TempDir()
	src := labcopy.Root(t)
	for _, rel := range []string{ManifestFile, StagesFile} {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, "grader", "takencheck"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ id, says string }{
		{"Audit_Log", "kebab-case"},
		{"audit-log-", "kebab-case"},
		{"5th", "kebab-case"},
		{"basic-auth", "already lists a stage basic-auth"},
		{"basicauth", "already uses the package name basicauth"},
		{"go", "Go keyword"},
		{"taken", "grader/takencheck already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			written, err := New(root, tt.id)
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("New(%q) = %v, want a refusal that says %q", tt.id, err, tt.says)
			}
			if len(written) > 0 {
				t.Errorf("New(%q) wrote %v", tt.id, written)
			}
		})
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("the lab holds %d entries after refusals, want lessons and grader only", len(entries))
	}
}

// TestAddToStages adds a check package to a stages list and demands its
// import and its entry, last.
func TestAddToStages(t *testing.T) {
	src := "package stages\n\nimport (\n\t\"authlab/grader\"\n\t\"authlab/grader/zetacheck\"\n)\n\nfunc All() []grader.Stage {\n\treturn []grader.Stage{\n\t\tzetacheck.Stage(zetacheck.Target{}),\n\t}\n}\n"
	got, err := addToStages([]byte(src), "alphacheck")
	if err != nil {
		t.Fatal(err)
	}
	want := "package stages\n\nimport (\n\t\"authlab/grader\"\n\t\"authlab/grader/alphacheck\"\n\t\"authlab/grader/zetacheck\"\n)\n\nfunc All() []grader.Stage {\n\treturn []grader.Stage{\n\t\tzetacheck.Stage(zetacheck.Target{}),\n\t\talphacheck.Stage(alphacheck.Target{}),\n\t}\n}\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := addToStages([]byte("package stages\n"), "alphacheck"); err == nil || !strings.Contains(err.Error(), "by hand") {
		t.Errorf("a file without the list: %v, want an error that says to add the stage by hand", err)
	}
}
