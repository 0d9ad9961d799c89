package grader_test

import (
	"context"
	"debug/buildinfo"
	"path/filepath"
	"testing"

	"authlab/grader"
	"authlab/internal/labcopy"
)

// TestCheckBinaryIsBuiltForSpeed guards the build settings that keep an
// edit's check fast: no cgo, no symbol table or DWARF, and the grader's
// build tag. Each one, lost, makes every check slower or breaks it.
func TestCheckBinaryIsBuiltForSpeed(t *testing.T) {
	t.Parallel()
	root := labcopy.New(t)
	bin := filepath.Join(t.TempDir(), "check.test")
	if err := (&grader.Runner{Root: root}).Compile(context.Background(), "exercises/basicauth", bin); err != nil {
		t.Fatal(err)
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range info.Settings {
		got[s.Key] = s.Value
	}
	for _, want := range []struct{ key, value string }{
		{"CGO_ENABLED", "0"},
		{"-ldflags", "-s -w"},
		{"-tags", grader.BuildTag},
	} {
		if got[want.key] != want.value {
			t.Errorf("build setting %s = %q, want %q", want.key, got[want.key], want.value)
		}
	}
}
