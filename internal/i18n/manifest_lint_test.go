package i18n

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// manifestText is the translatable part of lessons/manifest.json, and all
// of a lessons/manifest.<lang>.json.
type manifestText struct {
	Stages []manifestStage `json:"stages"`
}

// manifestStage is one stage's texts; in a translation, Source records the
// fingerprint of the English each text translates.
type manifestStage struct {
	ID      string          `json:"id"`
	Title   string          `json:"title"`
	Summary string          `json:"summary"`
	Lesson  string          `json:"lesson,omitempty"`
	Hints   []string        `json:"hints"`
	Source  *manifestSource `json:"source,omitempty"`
}

// manifestSource holds the fingerprints of the English title, summary and
// hints a translated stage translates.
type manifestSource struct {
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Hints   []string `json:"hints"`
}

func readManifest(t *testing.T, name string) (manifestText, bool) {
	t.Helper()
	var m manifestText
	b, err := os.ReadFile(filepath.Join(repoRoot, "lessons", name))
	if os.IsNotExist(err) {
		return m, false
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("lessons/%s: %v", name, err)
	}
	return m, true
}

func writeManifest(t *testing.T, name string, m manifestText) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repoRoot, "lessons", name), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// manifestGaps lists the stage titles, summaries and hints that the
// translated manifest name lacks, and those it translates from an English
// text that has changed since.
func manifestGaps(t *testing.T, name string, english, translated manifestText) (missing, stale []string) {
	t.Helper()
	byID := map[string]int{}
	for i, s := range translated.Stages {
		byID[s.ID] = i
	}
	for _, en := range english.Stages {
		where := "lessons/" + name + ": " + en.ID
		i, ok := byID[en.ID]
		if !ok {
			missing = append(missing, where+" title", where+" summary")
			for n := range en.Hints {
				missing = append(missing, where+" hint "+strconv.Itoa(n+1))
			}
			continue
		}
		delete(byID, en.ID)
		tr := translated.Stages[i]
		src := tr.Source
		if src == nil {
			src = &manifestSource{}
		}
		check := func(text, english, fingerprint, what string) {
			switch {
			case text == "":
				missing = append(missing, where+" "+what)
			case fingerprint != Fingerprint(english):
				stale = append(stale, where+" "+what)
			}
		}
		check(tr.Title, en.Title, src.Title, "title")
		check(tr.Summary, en.Summary, src.Summary, "summary")
		if len(tr.Hints) > len(en.Hints) {
			t.Errorf("%s has %d hints, English has %d: hints pair up one to one", where, len(tr.Hints), len(en.Hints))
		}
		for n, h := range en.Hints {
			var text, fingerprint string
			if n < len(tr.Hints) {
				text = tr.Hints[n]
			}
			if n < len(src.Hints) {
				fingerprint = src.Hints[n]
			}
			check(text, h, fingerprint, "hint "+strconv.Itoa(n+1))
		}
	}
	for id := range byID {
		t.Errorf("lessons/%s: stage %q is not in lessons/manifest.json", name, id)
	}
	return missing, stale
}

// stampManifest returns translated with each stage recording the
// fingerprints of the English texts it translates now.
func stampManifest(english, translated manifestText) manifestText {
	byID := map[string]manifestStage{}
	for _, s := range english.Stages {
		byID[s.ID] = s
	}
	translated.Stages = slices.Clone(translated.Stages)
	for i, tr := range translated.Stages {
		en, ok := byID[tr.ID]
		if !ok {
			continue
		}
		src := &manifestSource{Title: Fingerprint(en.Title), Summary: Fingerprint(en.Summary)}
		for n := range tr.Hints {
			if n < len(en.Hints) {
				src.Hints = append(src.Hints, Fingerprint(en.Hints[n]))
			}
		}
		translated.Stages[i].Source = src
	}
	return translated
}

// lessonSource is the first line of a translated lesson: the English lesson
// it translates and that lesson's fingerprint.
var lessonSource = regexp.MustCompile(`\A<!-- source: (\S+) (sha256:[0-9a-f]{8}) -->\n`)

// lessonStale reports whether the translation of the English lesson name
// records a fingerprint other than english's, or none.
func lessonStale(name, english, translated string) bool {
	m := lessonSource.FindStringSubmatch(translated)
	return m == nil || m[1] != name || m[2] != Fingerprint(english)
}

// stampLesson returns translated with a first line recording english's
// fingerprint, in place of any it had.
func stampLesson(name, english, translated string) string {
	line := "<!-- source: " + name + " " + Fingerprint(english) + " -->\n"
	return line + strings.TrimPrefix(translated, lessonSource.FindString(translated))
}

// lessonGaps lists the lesson files with no lessons/<lang>/ counterpart, and
// those that translate an older version of their English lesson.
func lessonGaps(t *testing.T, lang string) (missing, stale []string) {
	t.Helper()
	english, _ := readManifest(t, "manifest.json")
	for _, s := range english.Stages {
		name := filepath.Join("lessons", lang, s.Lesson)
		tr, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			missing = append(missing, name)
			continue
		}
		en, err := os.ReadFile(filepath.Join(repoRoot, "lessons", s.Lesson))
		if err != nil {
			t.Fatal(err)
		}
		if lessonStale(s.Lesson, string(en), string(tr)) {
			stale = append(stale, name)
		}
	}
	return missing, stale
}
