// Package lessons is the course as content: the manifest of stages, one
// markdown lesson per stage and the pristine starter of every exercise, with
// their translations (manifest.<lang>.json, <lang>/<lesson>.md).
package lessons

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"authlab/internal/i18n"
)

//go:embed manifest.json manifest.*.json *.md starters ko
var content embed.FS

// Stage is one step of the course, as the manifest describes it.
type Stage struct {
	ID      string   `json:"id"`      // stable, kebab-case: basic-auth
	Title   string   `json:"title"`   // shown in the stage list
	Summary string   `json:"summary"` // one line on what the learner builds
	Lesson  string   `json:"lesson"`  // markdown file name in this folder
	Package string   `json:"package"` // Go package name, and folder name under exercises/ and solutions/
	Edit    string   `json:"edit"`    // the file the learner edits, inside the package folder
	Hints   []string `json:"hints"`   // from gentle to explicit
}

// ExerciseDir is the stage's exercise folder, relative to the lab's root.
func (s Stage) ExerciseDir() string { return path.Join("exercises", s.Package) }

// SolutionDir is the stage's solution folder, relative to the lab's root.
func (s Stage) SolutionDir() string { return path.Join("solutions", s.Package) }

// ExerciseFile is the file the learner edits, relative to the lab's root.
func (s Stage) ExerciseFile() string { return path.Join(s.ExerciseDir(), s.Edit) }

// SolutionFile is the reference counterpart of ExerciseFile.
func (s Stage) SolutionFile() string { return path.Join(s.SolutionDir(), s.Edit) }

// EntryFile is the name of the grader entry file every exercise and solution
// package holds. Learners must not edit it; the runner restores it.
const EntryFile = "authlab_test.go"

// Course is the ordered list of stages.
type Course struct {
	Stages []Stage `json:"stages"`
}

// Load reads the embedded manifest, with the titles, summaries and hints of
// the language in use where manifest.<lang>.json has them.
func Load() (*Course, error) { return loadCourse(content, i18n.Lang()) }

func loadCourse(fsys fs.FS, lang string) (*Course, error) {
	var c Course
	if err := readManifest(fsys, "manifest.json", &c); err != nil {
		return nil, err
	}
	if lang == i18n.English {
		return &c, nil
	}
	var tr Course
	err := readManifest(fsys, "manifest."+lang+".json", &tr)
	if errors.Is(err, fs.ErrNotExist) {
		return &c, nil
	}
	if err != nil {
		return nil, err
	}
	for _, t := range tr.Stages {
		if i := c.Index(t.ID); i >= 0 {
			c.Stages[i] = translated(c.Stages[i], t)
		}
	}
	return &c, nil
}

func readManifest(fsys fs.FS, name string, c *Course) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, c); err != nil {
		return fmt.Errorf("lessons/%s: %w", name, err)
	}
	return nil
}

// translated is s with the texts tr translates; an empty or absent text
// stays in English, one by one.
func translated(s, tr Stage) Stage {
	if tr.Title != "" {
		s.Title = tr.Title
	}
	if tr.Summary != "" {
		s.Summary = tr.Summary
	}
	hints := append([]string(nil), s.Hints...)
	for i, h := range tr.Hints {
		if i < len(hints) && h != "" {
			hints[i] = h
		}
	}
	s.Hints = hints
	return s
}

// Stage returns the stage with the given id.
func (c *Course) Stage(id string) (Stage, bool) {
	for _, s := range c.Stages {
		if s.ID == id {
			return s, true
		}
	}
	return Stage{}, false
}

// Index returns the position of the stage with the given id, or -1.
func (c *Course) Index(id string) int {
	for i, s := range c.Stages {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// LessonText returns the stage's lesson as markdown, in the language in use
// when <lang>/<lesson> exists, else in English.
func LessonText(s Stage) (string, error) { return lessonText(content, i18n.Lang(), s.Lesson) }

func lessonText(fsys fs.FS, lang, name string) (string, error) {
	if lang != i18n.English {
		if b, err := fs.ReadFile(fsys, path.Join(lang, name)); err == nil {
			return withoutSource(string(b)), nil
		}
	}
	b, err := fs.ReadFile(fsys, name)
	return string(b), err
}

// sourceLine is the first line of a translated lesson: the English lesson
// it translates and that lesson's fingerprint, for the translation report.
var sourceLine = regexp.MustCompile(`\A<!-- source: \S+ sha256:[0-9a-f]{8} -->\n`)

// withoutSource returns a translated lesson without its source line, the
// markdown a learner reads.
func withoutSource(text string) string {
	return strings.TrimPrefix(text, sourceLine.FindString(text))
}

// Starter returns the pristine files of the stage's exercise package (the
// stub and the grader entry file), keyed by file name.
func Starter(s Stage) (map[string][]byte, error) {
	dir := path.Join("starters", s.Package)
	entries, err := fs.ReadDir(content, dir)
	if err != nil {
		return nil, fmt.Errorf("no starter for stage %s: %w", s.ID, err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := content.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = b
	}
	return files, nil
}
