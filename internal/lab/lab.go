// Package lab is the shared context of authlab's front ends: where the lab
// lives on disk, the course, the learner's progress and the grader runner.
// The TUI and the CLI both act through it, so every TUI action has a CLI twin
// with the same behaviour.
package lab

import (
	"os"
	"path/filepath"
	"strconv"

	"authlab/grader"
	"authlab/internal/i18n"
	"authlab/internal/progress"
	"authlab/lessons"
)

// ProgressFile is where progress is kept, relative to the lab's root.
const ProgressFile = ".authlab/progress.json"

// ErrNotALab means no authlab checkout was found from the given folder up.
// Its text speaks the language in use when it is read.
var ErrNotALab error = notALabError{}

// notALabError is ErrNotALab's type: comparable, so errors.Is finds it.
type notALabError struct{}

func (notALabError) Error() string { return i18n.T(i18n.LabNotALab) }

// Lab is one checkout of authlab and the learner's state in it.
type Lab struct {
	Root     string
	Course   *lessons.Course
	Progress *progress.Store
	Runner   *grader.Runner
}

// Open finds the lab that contains dir (dir itself or a parent) and loads
// its course and progress.
func Open(dir string) (*Lab, error) {
	root, err := findRoot(dir)
	if err != nil {
		return nil, err
	}
	course, err := lessons.Load()
	if err != nil {
		return nil, err
	}
	store, err := progress.Open(filepath.Join(root, filepath.FromSlash(ProgressFile)))
	if err != nil {
		return nil, err
	}
	return &Lab{Root: root, Course: course, Progress: store, Runner: &grader.Runner{Root: root}}, nil
}

func findRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if isFile(filepath.Join(dir, "go.mod")) && isFile(filepath.Join(dir, "lessons", "manifest.json")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotALab
		}
		dir = parent
	}
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// Path turns a slash-separated path relative to the root into a real one.
func (l *Lab) Path(rel string) string { return filepath.Join(l.Root, filepath.FromSlash(rel)) }

// Stage returns the stage with the given id, or an error that lists the ids.
func (l *Lab) Stage(id string) (lessons.Stage, error) {
	if s, ok := l.Course.Stage(id); ok {
		return s, nil
	}
	ids := ""
	for i, s := range l.Course.Stages {
		if i > 0 {
			ids += ", "
		}
		ids += s.ID
	}
	return lessons.Stage{}, i18n.Error(i18n.LabNoStage, i18n.Args{"Stage": strconv.Quote(id), "Stages": ids}, nil)
}

// Unlocked reports whether the learner may work on the stage: the first
// stage always, any other once the one before it has passed.
func (l *Lab) Unlocked(id string) bool {
	i := l.Course.Index(id)
	return i == 0 || (i > 0 && l.Progress.Passed(l.Course.Stages[i-1].ID))
}

// Next returns the stage to open at start: the one last worked on if it is
// still unfinished, else the first unfinished stage, else the last stage.
func (l *Lab) Next() lessons.Stage {
	if s, ok := l.Course.Stage(l.Progress.Current()); ok && !l.Progress.Passed(s.ID) && l.Unlocked(s.ID) {
		return s
	}
	for _, s := range l.Course.Stages {
		if !l.Progress.Passed(s.ID) {
			return s
		}
	}
	return l.Course.Stages[len(l.Course.Stages)-1]
}
