package lab

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"authlab/grader/stages"
	"authlab/lessons"
)

var stageID = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Lint checks that the course holds together: every stage has a lesson,
// hints, checks, a starter, an exercise and a solution with the same file
// names and the same grader entry file. It returns every problem found.
func (l *Lab) Lint() []error {
	var errs []error
	add := func(s lessons.Stage, format string, args ...any) {
		errs = append(errs, fmt.Errorf("stage %s: %s", s.ID, fmt.Sprintf(format, args...)))
	}
	if len(l.Course.Stages) == 0 {
		return []error{fmt.Errorf("lessons/manifest.json lists no stage")}
	}
	seen := map[string]bool{}
	for _, s := range l.Course.Stages {
		if !stageID.MatchString(s.ID) {
			add(s, "id must be kebab-case")
		}
		if seen[s.ID] {
			add(s, "id is used twice")
		}
		seen[s.ID] = true
		if s.Title == "" || s.Summary == "" || s.Package == "" || s.Edit == "" {
			add(s, "title, summary, package and edit are all required")
		}
		if len(s.Hints) == 0 {
			add(s, "has no hints")
		}
		if text, err := lessons.LessonText(s); err != nil || !strings.HasPrefix(text, "# ") {
			add(s, "lesson %s is missing or does not start with a '# ' title", s.Lesson)
		}
		errs = append(errs, lintChecks(s)...)
		errs = append(errs, l.lintFiles(s)...)
	}
	errs = append(errs, l.lintOrder()...)
	return errs
}

// lintOrder checks that grader/stages lists the manifest's stages, in the
// same order.
func (l *Lab) lintOrder() []error {
	var graded, listed []string
	for _, gs := range stages.All() {
		graded = append(graded, gs.ID)
	}
	for _, s := range l.Course.Stages {
		listed = append(listed, s.ID)
	}
	if !slices.Equal(graded, listed) {
		return []error{fmt.Errorf("grader/stages lists %v, but lessons/manifest.json lists %v: the two must match, in order", graded, listed)}
	}
	return nil
}

func lintChecks(s lessons.Stage) []error {
	gs, ok := stages.Lookup(s.ID)
	if !ok || len(gs.Checks) == 0 {
		return []error{fmt.Errorf("stage %s: no checks in grader/stages", s.ID)}
	}
	var errs []error
	ids := map[string]bool{}
	for _, c := range slices.Concat(gs.Checks, gs.Deep) {
		if ids[c.ID] || !stageID.MatchString(c.ID) {
			errs = append(errs, fmt.Errorf("stage %s: check id %q is repeated or not kebab-case", s.ID, c.ID))
		}
		ids[c.ID] = true
		if c.Name == "" || c.Sends == "" || c.Expect == "" || c.Hint == "" {
			errs = append(errs, fmt.Errorf("stage %s: check %s needs a name, what it sends, what it expects and a hint", s.ID, c.ID))
		}
	}
	return errs
}

// lintFiles checks the starter against the solution: the same file names,
// and the same grader entry file.
func (l *Lab) lintFiles(s lessons.Stage) []error {
	starter, err := lessons.Starter(s)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, name := range []string{s.Edit, lessons.EntryFile} {
		if _, ok := starter[name]; !ok {
			errs = append(errs, fmt.Errorf("stage %s: starter lessons/starters/%s lacks %s", s.ID, s.Package, name))
		}
		if _, err := os.Stat(l.Path(path.Join(s.SolutionDir(), name))); err != nil {
			errs = append(errs, fmt.Errorf("stage %s: %s/%s is missing", s.ID, s.SolutionDir(), name))
		}
	}
	entry, err := os.ReadFile(l.Path(path.Join(s.SolutionDir(), lessons.EntryFile)))
	if err == nil && !bytes.Equal(entry, starter[lessons.EntryFile]) {
		errs = append(errs, fmt.Errorf("stage %s: %s/%s differs from the starter's: they must be identical", s.ID, s.SolutionDir(), lessons.EntryFile))
	}
	return errs
}

// Drift lists the files of the stage's exercise that differ from its
// starter. A learner's edits are drift; in a fresh checkout there is none.
func (l *Lab) Drift(s lessons.Stage) ([]string, error) {
	starter, err := lessons.Starter(s)
	if err != nil {
		return nil, err
	}
	var drift []string
	for name, want := range starter {
		have, err := os.ReadFile(l.Path(path.Join(s.ExerciseDir(), name)))
		if err != nil || !bytes.Equal(have, want) {
			drift = append(drift, path.Join(s.ExerciseDir(), name))
		}
	}
	sort.Strings(drift)
	return drift, nil
}
