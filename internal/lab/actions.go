package lab

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"authlab/grader"
	"authlab/grader/stages"
	"authlab/internal/i18n"
	"authlab/lessons"
)

// Target says which package of a stage to grade.
type Target int

// The packages a stage can be graded on.
const (
	Exercise Target = iota // the learner's exercise
	Solution               // the reference solution
)

// Checks returns the stage's fast checks, for display before any run.
func (l *Lab) Checks(s lessons.Stage) []grader.Check {
	gs, _ := stages.Lookup(s.ID)
	return localChecks(s.ID, gs.Checks)
}

// DeepChecks returns the stage's deep checks, for display before any run.
func (l *Lab) DeepChecks(s lessons.Stage) []grader.Check {
	gs, _ := stages.Lookup(s.ID)
	return localChecks(s.ID, gs.Deep)
}

// CheckOptions say how Check grades.
type CheckOptions struct {
	// Seed replays the variants of an earlier run; 0 draws fresh ones.
	Seed uint64
	// OnEvent, if not nil, receives the run's progress, tier by tier.
	OnEvent func(grader.Event)
}

// MissingFileError means a file of the exercise is not there, so there is
// nothing to grade. Front ends add how to put the starter back.
type MissingFileError struct {
	Path string // relative to the lab's root
}

func (e *MissingFileError) Error() string {
	return i18n.T(i18n.LabFileMissing, i18n.Args{"Path": e.Path})
}

// Check grades the stage's exercise (or solution): the fast checks, then,
// when they all pass, the deep checks with the same seed. An exercise whose
// both tiers pass is recorded as passed. The exercise's grader entry file
// is restored first if it was changed; restored says so.
func (l *Lab) Check(ctx context.Context, s lessons.Stage, t Target, opt CheckOptions) (rep *grader.Report, restored bool, err error) {
	gs, ok := stages.Lookup(s.ID)
	if !ok {
		return nil, false, i18n.Error(i18n.LabStageNotGraded, i18n.Args{"Stage": s.ID}, nil)
	}
	dir := s.SolutionDir()
	if t == Exercise {
		dir = s.ExerciseDir()
		if err := l.requireFiles(s); err != nil {
			return nil, false, err
		}
		if restored, err = l.restoreEntry(s); err != nil {
			return nil, false, err
		}
	}
	if opt.Seed == 0 {
		opt.Seed = grader.NewSeed()
	}
	run := grader.RunOptions{Tier: grader.TierFast, Seed: opt.Seed, OnEvent: opt.OnEvent}
	rep, err = l.Runner.Run(ctx, gs, dir, run)
	if err != nil {
		return nil, restored, err
	}
	if rep.Passed && len(gs.Deep) > 0 {
		run.Tier = grader.TierDeep
		deep, err := l.Runner.Run(ctx, gs, dir, run)
		if err != nil {
			return nil, restored, err
		}
		rep.Deep, rep.Passed = deep, deep.Passed
	}
	localReport(s.ID, rep, append(append([]grader.Check(nil), gs.Checks...), gs.Deep...))
	if t == Exercise && rep.Passed {
		if err := l.Progress.MarkPassed(s.ID, time.Now()); err != nil {
			return rep, restored, err
		}
	}
	return rep, restored, nil
}

// requireFiles returns a *MissingFileError when a file the learner edits is
// not in the exercise folder.
func (l *Lab) requireFiles(s lessons.Stage) error {
	starter, err := lessons.Starter(s)
	if err != nil {
		return err
	}
	for name := range starter {
		if name == lessons.EntryFile {
			continue
		}
		rel := path.Join(s.ExerciseDir(), name)
		if _, err := os.Stat(l.Path(rel)); errors.Is(err, fs.ErrNotExist) {
			return &MissingFileError{Path: rel}
		}
	}
	return nil
}

// restoreEntry puts back the pristine grader entry file of the exercise if
// it was edited or deleted.
func (l *Lab) restoreEntry(s lessons.Stage) (bool, error) {
	starter, err := lessons.Starter(s)
	if err != nil {
		return false, err
	}
	want, ok := starter[lessons.EntryFile]
	if !ok {
		return false, i18n.Error(i18n.LabStarterLacksEntry, i18n.Args{"Stage": s.ID, "File": lessons.EntryFile}, nil)
	}
	p := l.Path(path.Join(s.ExerciseDir(), lessons.EntryFile))
	if have, err := os.ReadFile(p); err == nil && bytes.Equal(have, want) {
		return false, nil
	}
	if err := os.WriteFile(p, want, 0o644); err != nil {
		return false, i18n.Error(i18n.LabRestoreFailed, i18n.Args{"Path": p}, err)
	}
	return true, nil
}

// Reset puts every file of the stage's exercise back to its starter.
func (l *Lab) Reset(s lessons.Stage) error {
	starter, err := lessons.Starter(s)
	if err != nil {
		return err
	}
	dir := l.Path(s.ExerciseDir())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, content := range starter {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return i18n.Error(i18n.LabResetFailed, i18n.Args{"Stage": s.ID}, err)
		}
	}
	return nil
}

// ExerciseText returns the learner's current exercise file.
func (l *Lab) ExerciseText(s lessons.Stage) (string, error) {
	b, err := os.ReadFile(l.Path(s.ExerciseFile()))
	return string(b), err
}

// SolutionText returns the reference solution's counterpart of the exercise
// file.
func (l *Lab) SolutionText(s lessons.Stage) (string, error) {
	b, err := os.ReadFile(l.Path(s.SolutionFile()))
	return string(b), err
}

// Warm builds the exercise's test binary ahead of the first check.
func (l *Lab) Warm(ctx context.Context, s lessons.Stage) error {
	return l.Runner.Warm(ctx, s.ExerciseDir())
}

// WarmRace builds the exercise's test binary with the race detector, as the
// deep tier does, so that the first deep run does not wait for the
// race-instrumented dependencies (about a minute, once). A stage without
// deep checks needs no such build.
func (l *Lab) WarmRace(ctx context.Context, s lessons.Stage) error {
	if len(l.DeepChecks(s)) == 0 {
		return nil
	}
	return l.Runner.WarmRace(ctx, s.ExerciseDir())
}
