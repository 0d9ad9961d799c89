package lab

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"authlab/internal/labcopy"
	"authlab/lessons"
)

func TestShippedCourseLintsClean(t *testing.T) {
	l, err := Open(labcopy.Root(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range l.Lint() {
		t.Error(err)
	}
}

func TestLintCatchesBrokenContent(t *testing.T) {
	dir := labcopy.New(t)
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := l.Course.Stages[0]
	entry := filepath.Join(dir, "solutions", s.Package, lessons.EntryFile)
	if err := os.WriteFile(entry, []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "solutions", s.Package, s.Edit)); err != nil {
		t.Fatal(err)
	}
	l.Course.Stages = append(l.Course.Stages, lessons.Stage{ID: "Bad_ID", Lesson: "missing.md"})

	var all []string
	for _, err := range l.Lint() {
		all = append(all, err.Error())
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{
		"authlab_test.go differs from the starter's",
		s.SolutionDir() + "/" + s.Edit + " is missing",
		"stage Bad_ID: id must be kebab-case",
		"stage Bad_ID: has no hints",
		"stage Bad_ID: lesson missing.md is missing",
		"stage Bad_ID: no checks in grader/stages",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("Lint() does not report %q; it reported:\n%s", want, joined)
		}
	}
}

func TestOpenFindsTheRootFromASubfolder(t *testing.T) {
	dir := labcopy.New(t)
	l, err := Open(filepath.Join(dir, "exercises", "basicauth"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Root != dir {
		t.Errorf("Root = %s, want %s", l.Root, dir)
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNotALab) {
		t.Errorf("Open outside a lab: %v, want ErrNotALab", err)
	}
}

func TestNextAndUnlocked(t *testing.T) {
	l, err := Open(labcopy.New(t))
	if err != nil {
		t.Fatal(err)
	}
	first := l.Course.Stages[0]
	if l.Next().ID != first.ID || !l.Unlocked(first.ID) {
		t.Fatalf("a fresh lab does not start on its first stage")
	}
	if l.Unlocked("no-such-stage") {
		t.Error("an unknown stage is unlocked")
	}
	if err := l.Progress.MarkPassed(first.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if len(l.Course.Stages) > 1 {
		if second := l.Course.Stages[1]; !l.Unlocked(second.ID) || l.Next().ID != second.ID {
			t.Error("passing the first stage does not open the second")
		}
	} else if l.Next().ID != first.ID {
		t.Error("with every stage passed, Next is not the last stage")
	}
}

func TestResetAndDrift(t *testing.T) {
	l, err := Open(labcopy.New(t))
	if err != nil {
		t.Fatal(err)
	}
	s := l.Course.Stages[0]
	if drift, err := l.Drift(s); err != nil || len(drift) != 0 {
		t.Fatalf("a fresh copy drifts: %v %v", drift, err)
	}
	if err := os.WriteFile(l.Path(s.ExerciseFile()), []byte("package basicauth\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(l.Path(s.ExerciseDir() + "/" + lessons.EntryFile)); err != nil {
		t.Fatal(err)
	}
	drift, _ := l.Drift(s)
	if len(drift) != 2 {
		t.Errorf("Drift = %v, want the edited file and the deleted entry file", drift)
	}
	restored, err := l.restoreEntry(s)
	if err != nil || !restored {
		t.Errorf("restoreEntry = %v, %v; want the deleted entry file restored", restored, err)
	}
	if restored, _ := l.restoreEntry(s); restored {
		t.Error("restoreEntry restored an intact entry file")
	}
	if err := l.Reset(s); err != nil {
		t.Fatal(err)
	}
	if drift, _ := l.Drift(s); len(drift) != 0 {
		t.Errorf("after Reset the exercise still drifts: %v", drift)
	}
}

func TestMissingExerciseFileIsNamedNotCompiled(t *testing.T) {
	dir := labcopy.New(t)
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := l.Course.Stages[0]
	if err := os.Remove(l.Path(s.ExerciseFile())); err != nil {
		t.Fatal(err)
	}
	_, _, err = l.Check(t.Context(), s, Exercise, CheckOptions{})
	var missing *MissingFileError
	if !errors.As(err, &missing) || missing.Path != s.ExerciseFile() {
		t.Fatalf("err = %v, want a MissingFileError for %s", err, s.ExerciseFile())
	}
	if err := l.Reset(s); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.Path(s.ExerciseFile())); err != nil {
		t.Errorf("reset did not put the starter back: %v", err)
	}
}
