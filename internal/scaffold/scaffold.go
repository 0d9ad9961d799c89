// Package scaffold adds a new stage to an authlab checkout, for the lab's
// authors: the manifest entry, the lesson in English and in Korean, the
// starter, exercise and solution with their grader entry file, and a check
// package with an example check in each tier and a mutant, and the Korean
// texts of those checks, so that `authlab verify` and `go test ./...` grade
// the new stage at once.
package scaffold

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"authlab/internal/i18n"
	"authlab/lessons"
)

//go:embed templates
var templates embed.FS

// ErrRefused is wrapped by every error that says the stage cannot be made
// as asked (a bad id, a name already taken), as opposed to an I/O error.
var ErrRefused = errors.New("stage refused")

// Paths of the files New edits, relative to the lab's root.
const (
	ManifestFile = "lessons/manifest.json"
	// KoreanManifestFile translates the manifest's titles, summaries and
	// hints into Korean.
	KoreanManifestFile = "lessons/manifest.ko.json"
	StagesFile         = "grader/stages/stages.go"
	// KoreanChecksFile holds the Korean texts of every check; New appends
	// the example checks' texts.
	KoreanChecksFile = "internal/i18n/locales/checks.ko.toml"
	// KoreanPhrasesFile holds the Korean of every failure phrase; New
	// appends the example checks' phrases.
	KoreanPhrasesFile = "internal/i18n/locales/phrases.ko.toml"
)

// kebab is the form of a stage id, as lint demands it.
var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Stage is what the templates know of the stage being made.
type Stage struct {
	lessons.Stage
	Number int    // its place in the course, from 1
	Check  string // the name of its check package: Package + "check"
	// Fast and Deep are the example checks of each tier.
	Fast, Deep exampleCheck
	// Phrases are the texts the example checks' failures say.
	Phrases []examplePhrase
	// LessonSource is the fingerprint of the English lesson, which the
	// Korean one records as the text it translates.
	LessonSource string
}

// Examples returns the example checks, fast then deep.
func (s Stage) Examples() []exampleCheck { return []exampleCheck{s.Fast, s.Deep} }

// exampleCheck is the text of one example check, in English and Korean.
type exampleCheck struct {
	ID, Name, Expect, Hint   string
	KoName, KoExpect, KoHint string
}

// examplePhrase is one text an example check's failure says, declared as
// phrase<Var> with the id <stage id>.<Key>, in English and Korean.
type examplePhrase struct {
	Var, Key, English, Korean string
}

// ID is the phrase's id, unique to the stage.
func (p examplePhrase) ID(stage string) string { return stage + "." + p.Key }

// examplePhrases are the failure texts of fastExample and deepExample.
var examplePhrases = []examplePhrase{
	{"NoHeaderSent", "no-header-sent", "tools/list with no Authorization header", "Authorization 헤더 없이 보낸 tools/list"},
	{"Want401", "want-401", "401 Unauthorized", "401 Unauthorized"},
	{"WantNotReached", "want-not-reached", "401, and the request never reaches the MCP handler", "401, 그리고 요청은 MCP 핸들러에 닿지 않음"},
	{"Reached", "reached", "{{.Answer}}, but the request reached the MCP handler: return right after writing the 401",
		"{{.Answer}}, 그런데 요청이 MCP 핸들러에 닿음: 401을 쓴 바로 뒤에 return하세요"},
	{"ConcurrentSent", "concurrent-sent", "{{.Callers}} tools/list requests at once, with no Authorization header",
		"Authorization 헤더 없이 동시에 보낸 tools/list 요청 {{.Callers}}개"},
	{"Want401Each", "want-401-each", "401 for each", "요청마다 401"},
	{"RequestStatus", "request-status", "request {{.N}}: {{.Status}}", "{{.N}}번째 요청: {{.Status}}"},
	{"WantNoneReached", "want-none-reached", "none reaches the MCP handler", "어느 요청도 MCP 핸들러에 닿지 않음"},
	{"SomeReached", "some-reached", "{{.Reached}} of {{.Callers}} requests reached the MCP handler: return right after writing the 401",
		"요청 {{.Callers}}개 중 {{.Reached}}개가 MCP 핸들러에 닿음: 401을 쓴 바로 뒤에 return하세요"},
}

// fastExample and deepExample are the checks a new stage starts with.
var (
	fastExample = exampleCheck{
		ID:       "no-credential-401",
		Name:     "A request with no Authorization header is answered 401",
		Expect:   "401, and the request never reaches the MCP handler",
		Hint:     "When r.Header.Get(\"Authorization\") is empty, answer 401 with http.Error and return without calling next.",
		KoName:   "Authorization 헤더가 없는 요청은 401로 응답한다",
		KoExpect: "401, 그리고 요청은 MCP 핸들러에 닿지 않음",
		KoHint:   "r.Header.Get(\"Authorization\")이 비어 있으면 http.Error로 401을 응답하고, next를 호출하지 말고 return하세요.",
	}
	deepExample = exampleCheck{
		ID:       "concurrent-no-credential-401",
		Name:     "Requests sent at once with no Authorization header are all answered 401",
		Expect:   "401 for each, and none reaches the MCP handler",
		Hint:     "Decide each request on its own, from its own headers, and keep nothing between requests.",
		KoName:   "Authorization 헤더 없이 동시에 보낸 요청은 모두 401로 응답한다",
		KoExpect: "요청마다 401, 그리고 어느 요청도 MCP 핸들러에 닿지 않음",
		KoHint:   "요청마다 그 요청의 헤더만으로 따로 판단하고, 요청 사이에 아무것도 남기지 마세요.",
	}
)

// planned is one file New writes: its path relative to the lab's root, and
// the template it comes from.
type planned struct {
	path, template string
}

// files returns the files a new stage s is made of.
func (s Stage) files() []planned {
	starter := path.Join("lessons", "starters", s.Package)
	check := path.Join("grader", s.Check)
	var fs []planned
	for _, dir := range []string{starter, s.ExerciseDir()} {
		fs = append(fs, planned{path.Join(dir, s.Edit), "starter.go.tmpl"}, planned{path.Join(dir, lessons.EntryFile), "entry.go.tmpl"})
	}
	fs = append(fs,
		planned{s.SolutionFile(), "solution.go.tmpl"},
		planned{path.Join(s.SolutionDir(), lessons.EntryFile), "entry.go.tmpl"},
		planned{path.Join("lessons", s.Lesson), "lesson.md.tmpl"},
		planned{path.Join("lessons", "ko", s.Lesson), "lesson.ko.md.tmpl"},
	)
	for _, name := range []string{"target.go", "checks.go", "phrases.go", "demo.go", "checks_test.go", "mutants_test.go", "THREATS.md"} {
		fs = append(fs, planned{path.Join(check, name), name + ".tmpl"})
	}
	return fs
}

// New adds the stage id to the lab at root as the course's last stage and
// returns the paths it created or changed, relative to root. It writes
// nothing when the id is not kebab-case or any name it needs is taken.
func New(root, id string) ([]string, error) {
	if !kebab.MatchString(id) {
		return nil, fmt.Errorf("%w: %q is not a stage id: use kebab-case, such as audit-log", ErrRefused, id)
	}
	manifest, err := readIn(root, ManifestFile)
	if err != nil {
		return nil, err
	}
	var course lessons.Course
	if err := json.Unmarshal(manifest, &course); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	s := newStage(id, len(course.Stages)+1)
	if err := refuseTaken(root, &course, s); err != nil {
		return nil, err
	}

	out := map[string][]byte{}
	for _, f := range s.files() {
		b, err := render(f, s)
		if err != nil {
			return nil, err
		}
		out[f.path] = b
		if f.template == "lesson.md.tmpl" {
			s.LessonSource = i18n.Fingerprint(string(b))
		}
	}
	if err := edit(root, &course, s, out); err != nil {
		return nil, err
	}

	written := []string{}
	edited := []planned{{path: ManifestFile}, {path: KoreanManifestFile}, {path: StagesFile}, {path: KoreanChecksFile}, {path: KoreanPhrasesFile}}
	for _, f := range append(s.files(), edited...) {
		p := filepath.Join(root, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, err
		}
		if err := os.WriteFile(p, out[f.path], 0o644); err != nil {
			return written, err
		}
		written = append(written, f.path)
	}
	return written, nil
}

// edit puts into out the new content of the files New changes: both
// manifests, the list of stages and the Korean check texts and phrases,
// each with the stage s added last.
func edit(root string, course *lessons.Course, s Stage, out map[string][]byte) error {
	var err error
	course.Stages = append(course.Stages, s.Stage)
	if out[ManifestFile], err = encodeManifest(course); err != nil {
		return err
	}
	koManifest, err := readIn(root, KoreanManifestFile)
	if err != nil {
		return err
	}
	var ko koreanCourse
	if err := json.Unmarshal(koManifest, &ko); err != nil {
		return fmt.Errorf("%s: %w", KoreanManifestFile, err)
	}
	ko.Stages = append(ko.Stages, s.korean())
	if out[KoreanManifestFile], err = encodeManifest(&ko); err != nil {
		return err
	}
	list, err := readIn(root, StagesFile)
	if err != nil {
		return err
	}
	if out[StagesFile], err = addToStages(list, s.Check); err != nil {
		return err
	}
	for _, f := range []planned{{KoreanChecksFile, "checks.ko.toml.tmpl"}, {KoreanPhrasesFile, "phrases.ko.toml.tmpl"}} {
		catalog, err := readIn(root, f.path)
		if err != nil {
			return err
		}
		texts, err := render(f, s)
		if err != nil {
			return err
		}
		if len(catalog) > 0 && !bytes.HasSuffix(catalog, []byte("\n")) {
			catalog = append(catalog, '\n')
		}
		out[f.path] = append(catalog, texts...)
	}
	return nil
}

// readIn reads the file at rel, a slash-separated path relative to root.
func readIn(root, rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
}

// newStage is the manifest entry of a new stage id at place number, with
// placeholder text for its author to replace.
func newStage(id string, number int) Stage {
	pkg := strings.ReplaceAll(id, "-", "")
	return Stage{
		Stage: lessons.Stage{
			ID:      id,
			Title:   strings.ToUpper(id[:1]) + strings.ReplaceAll(id[1:], "-", " "),
			Summary: "To be written: one line on what the learner builds.",
			Lesson:  fmt.Sprintf("%02d-%s.md", number, id),
			Package: pkg,
			Edit:    pkg + ".go",
			Hints: []string{
				"To be written, the idea first, with no code and no link: a request without credentials never reaches the server.",
				"To be written, the APIs with links to their documentation: http.Error in net/http (https://pkg.go.dev/net/http#Error).",
				"To be written, the code: if r.Header.Get(\"Authorization\") == \"\" { http.Error(w, \"Unauthorized\", http.StatusUnauthorized); return }.",
			},
		},
		Number:  number,
		Check:   pkg + "check",
		Fast:    fastExample,
		Deep:    deepExample,
		Phrases: examplePhrases,
	}
}

// koreanStage is a stage's entry in KoreanManifestFile.
type koreanStage struct {
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	Summary string        `json:"summary"`
	Hints   []string      `json:"hints"`
	Source  *koreanSource `json:"source,omitempty"`
}

// koreanSource holds the fingerprints of the English texts a koreanStage
// translates.
type koreanSource struct {
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Hints   []string `json:"hints"`
}

// koreanCourse is the whole of KoreanManifestFile.
type koreanCourse struct {
	Stages []koreanStage `json:"stages"`
}

// korean is the Korean entry of the new stage s: placeholders that say the
// texts are still to be written, with the links of the English hints.
func (s Stage) korean() koreanStage {
	source := &koreanSource{Title: i18n.Fingerprint(s.Title), Summary: i18n.Fingerprint(s.Summary)}
	for _, h := range s.Hints {
		source.Hints = append(source.Hints, i18n.Fingerprint(h))
	}
	return koreanStage{
		Source:  source,
		ID:      s.ID,
		Title:   s.Title + " (작성 예정)",
		Summary: "작성 예정: 학습자가 만드는 것을 한 줄로.",
		Hints: []string{
			"작성 예정. 먼저 코드도 링크도 없이 개념을: 자격 증명이 없는 요청은 서버에 닿지 않습니다.",
			"작성 예정. 문서 링크와 함께 API를: net/http의 http.Error (https://pkg.go.dev/net/http#Error).",
			"작성 예정. 코드: if r.Header.Get(\"Authorization\") == \"\" { http.Error(w, \"Unauthorized\", http.StatusUnauthorized); return }.",
		},
	}
}

// refuseTaken returns an error when the course already has the stage's id
// or the lab already has one of its files or folders.
func refuseTaken(root string, course *lessons.Course, s Stage) error {
	if _, ok := course.Stage(s.ID); ok {
		return fmt.Errorf("%w: %s already lists a stage %s: pick another id", ErrRefused, ManifestFile, s.ID)
	}
	if token.IsKeyword(s.Package) {
		return fmt.Errorf("%w: the package name %s is a Go keyword: pick another id", ErrRefused, s.Package)
	}
	for _, c := range course.Stages {
		if c.Package == s.Package {
			return fmt.Errorf("%w: stage %s already uses the package name %s: pick another id", ErrRefused, c.ID, s.Package)
		}
	}
	dirs := []string{s.ExerciseDir(), s.SolutionDir(), path.Join("lessons", "starters", s.Package), path.Join("grader", s.Check)}
	for _, f := range s.files() {
		dirs = append(dirs, f.path)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(d))); err == nil {
			return fmt.Errorf("%w: %s already exists: pick another id, or remove it", ErrRefused, d)
		}
	}
	return nil
}

// render fills in f's template for s, formatting Go source as gofmt does.
func render(f planned, s Stage) ([]byte, error) {
	t, err := template.New(f.template).Funcs(template.FuncMap{"fingerprint": i18n.Fingerprint}).ParseFS(templates, "templates/"+f.template)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, s); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(f.path, ".go") {
		return b.Bytes(), nil
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("scaffold template %s: %w", f.template, err)
	}
	return src, nil
}

// encodeManifest writes a manifest as lessons/manifest.json and its
// translations are written: two spaces of indent, and <, > and & as they
// are.
func encodeManifest(course any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(course); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// stagesList is the line that opens the list of stages in StagesFile.
const stagesList = "return []grader.Stage{\n"

// addToStages adds the check package check to the source of StagesFile: its
// import, and its stage at the end of the list.
func addToStages(src []byte, check string) ([]byte, error) {
	text := string(src)
	start := strings.Index(text, stagesList)
	end := strings.Index(text[max(start, 0):], "\n\t}\n")
	imports := strings.Index(text, "import (\n")
	if start < 0 || end < 0 || imports < 0 {
		return nil, fmt.Errorf("%s no longer has an import block and a %q list: add the stage to it by hand", StagesFile, strings.TrimSpace(stagesList))
	}
	end += start
	entry := fmt.Sprintf("\n\t\t%s.Stage(%s.Target{}),", check, check)
	text = text[:end] + entry + text[end:]
	at := imports + len("import (\n")
	text = text[:at] + fmt.Sprintf("\t%q\n", "authlab/grader/"+check) + text[at:]
	out, err := format.Source([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("%s: adding %s: %w", StagesFile, check, err)
	}
	return out, nil
}
