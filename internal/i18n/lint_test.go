package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// koreanMissingMax is how many texts the Korean translation may still lack.
// Lower it as translations land; it must never go up.
const koreanMissingMax = 0

// repoRoot is the authlab checkout, seen from this package's folder.
const repoRoot = "../.."

// TestEnglishCatalogIsComplete fails when an ID constant has no English
// message, when the catalog holds an ID no constant declares, when no code
// uses a constant, or when code looks a message up by a literal instead of
// an ID constant.
func TestEnglishCatalogIsComplete(t *testing.T) {
	declared := declaredIDs(t)
	english := catalogIDs(t, English)
	var missing, unused []string
	for id := range declared {
		if _, ok := english[id]; !ok {
			missing = append(missing, id)
		}
	}
	for id := range english {
		if _, ok := declared[id]; !ok {
			unused = append(unused, id)
		}
	}
	slices.Sort(missing)
	slices.Sort(unused)
	t.Logf("en: %d missing", len(missing))
	if len(missing) > 0 {
		t.Errorf("%s lacks %d IDs used in code; add them:\n  %s", CatalogFile(English), len(missing), strings.Join(missing, "\n  "))
	}
	if len(unused) > 0 {
		t.Errorf("%s holds %d IDs no code declares; remove them or declare them in internal/i18n:\n  %s", CatalogFile(English), len(unused), strings.Join(unused, "\n  "))
	}
	literals, used := scanCode(t)
	for _, lit := range literals {
		t.Errorf("%s: look messages up with an i18n ID constant, not a literal", lit)
	}
	for id, name := range declared {
		if !used[name] {
			t.Errorf("i18n.%s (%s) is declared but no code uses it: remove it and its messages", name, id)
		}
	}
}

// TestTranslationsReport lists, per language, every text still shown in
// English (missing) and every translation of an English text that changed
// since (stale): catalog messages, manifest titles, summaries and hints, and
// lesson files. It fails only on translations that are wrong. With -update
// it records the current English fingerprints instead (see
// lessons/ko/TRANSLATING.txt).
func TestTranslationsReport(t *testing.T) {
	for _, lang := range Supported[1:] {
		if *UpdateFingerprints {
			stampTranslations(t, lang)
		}
		missing, stale := missingTranslations(t, lang)
		LogTranslations(t, lang+": texts", missing, stale)
	}
}

// LogTranslations logs, under heading, how many texts of one kind are
// missing and stale in a language, then each of them.
func LogTranslations(t *testing.T, heading string, missing, stale []string) {
	t.Helper()
	t.Logf("%s: %d missing, %d stale", heading, len(missing), len(stale))
	for _, m := range missing {
		t.Logf("  missing: %s", m)
	}
	for _, s := range stale {
		t.Logf("  stale: %s", s)
	}
}

// AssertNoFurtherBehind fails when Korean's missing and stale texts of a
// kind outnumber limit, the count recorded in the variable limitName;
// report is the test that lists them. Below the limit, it says to lower it.
func AssertNoFurtherBehind(t *testing.T, kind string, missing, stale []string, limit int, limitName, report string) {
	t.Helper()
	n := len(missing) + len(stale)
	if n > limit {
		t.Fatalf("Korean lacks %d %s and has %d translations of an older English, more than the %d recorded in %s: translate them, then record their English with -update (go test -v -run %s ./internal/i18n lists them; lessons/ko/TRANSLATING.txt says how)", len(missing), kind, len(stale), limit, limitName, report)
	}
	if n < limit {
		t.Logf("Korean lacks %d %s: lower %s to %d", n, kind, limitName, n)
	}
}

// TestKoreanNeverFallsFurtherBehind keeps Korean progress going forward: a
// text missing and a translation of an older English both count.
func TestKoreanNeverFallsFurtherBehind(t *testing.T) {
	missing, stale := missingTranslations(t, Korean)
	AssertNoFurtherBehind(t, "texts", missing, stale, koreanMissingMax, "koreanMissingMax", "TestTranslationsReport")
}

// missingTranslations lists what lang lacks compared with English, and what
// it translates from an English text that has changed since; it fails the
// test on translations that do not match their English message.
func missingTranslations(t *testing.T, lang string) (missing, stale []string) {
	t.Helper()
	english, translated := catalogIDs(t, English), catalogIDs(t, lang)
	for id, en := range english {
		tr, ok := translated[id]
		if !ok {
			missing = append(missing, CatalogFile(lang)+": "+id)
			continue
		}
		if want, got := placeholders(en), placeholders(tr); !slices.Equal(want, got) {
			t.Errorf("%s: %s fills in %v, English fills in %v: use the same {{.Names}}", CatalogFile(lang), id, got, want)
		}
	}
	for id := range translated {
		if _, ok := english[id]; !ok {
			t.Errorf("%s: %s is not in English; remove it or fix its ID", CatalogFile(lang), id)
		}
	}
	stale = StaleMessages(CatalogFile(lang), english, catalogHashes(t, lang))
	enManifest, _ := readManifest(t, "manifest.json")
	name := "manifest." + lang + ".json"
	trManifest, _ := readManifest(t, name)
	m, s := manifestGaps(t, name, enManifest, trManifest)
	missing = append(missing, m...)
	stale = append(stale, s...)
	m, s = lessonGaps(t, lang)
	missing = append(missing, m...)
	stale = append(stale, s...)
	slices.Sort(missing)
	slices.Sort(stale)
	return missing, stale
}

// stampTranslations records, in lang's catalog, manifest and lessons, the
// fingerprint of the English each text now translates.
func stampTranslations(t *testing.T, lang string) {
	t.Helper()
	if err := StampCatalog(CatalogFile(lang), catalogIDs(t, English)); err != nil {
		t.Fatal(err)
	}
	english, _ := readManifest(t, "manifest.json")
	name := "manifest." + lang + ".json"
	translated, ok := readManifest(t, name)
	if ok {
		writeManifest(t, name, stampManifest(english, translated))
	}
	for _, s := range english.Stages {
		en, err := os.ReadFile(filepath.Join(repoRoot, "lessons", s.Lesson))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(repoRoot, "lessons", lang, s.Lesson)
		tr, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(stampLesson(s.Lesson, string(en), string(tr))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)`)

// placeholders lists the template fields a message fills in, sorted and
// without repeats.
func placeholders(text string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// catalogIDs maps each message ID of lang's catalog to all its text.
func catalogIDs(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := locales.ReadFile(CatalogFile(lang))
	if err != nil {
		t.Fatal(err)
	}
	file, err := goi18n.ParseMessageFileBytes(b, CatalogFile(lang), map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, m := range file.Messages {
		ids[m.ID] = strings.Join([]string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other}, "\n")
	}
	return ids
}

// catalogHashes maps each message ID of lang's catalog to the hash it
// records, the fingerprint of the English it translates.
func catalogHashes(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(CatalogFile(lang)) // from disk, so -update shows at once what it recorded
	if err != nil {
		t.Fatal(err)
	}
	file, err := goi18n.ParseMessageFileBytes(b, CatalogFile(lang), map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]string{}
	for _, m := range file.Messages {
		hashes[m.ID] = m.Hash
	}
	return hashes
}

// declaredIDs reads the ID constants declared in this package's files.
func declaredIDs(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "ID" {
					continue
				}
				for i, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: ID %s must be a string literal", name, vs.Names[i].Name)
					}
					id, _ := strconv.Unquote(lit.Value)
					if prev, dup := ids[id]; dup {
						t.Errorf("%s: ID %q is declared twice (%s and %s)", name, id, prev, vs.Names[i].Name)
					}
					ids[id] = vs.Names[i].Name
				}
			}
		}
	}
	return ids
}

// scanCode reads every non-test Go file of the checkout outside this
// package: it finds the calls of i18n.T whose ID is a literal, and the names
// of this package that code uses (i18n.Name).
func scanCode(t *testing.T) (literals []string, used map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	used = map[string]bool{}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "i18n" {
					used[sel.Sel.Name] = true
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || !isLookup(call.Fun) {
				return true
			}
			arg := call.Args[0]
			if conv, ok := arg.(*ast.CallExpr); ok && len(conv.Args) == 1 {
				arg = conv.Args[0] // i18n.ID("...")
			}
			if _, ok := arg.(*ast.BasicLit); ok {
				literals = append(literals, fset.Position(call.Pos()).String())
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return literals, used
}

// isLookup reports whether fun is i18n.T.
func isLookup(fun ast.Expr) bool {
	f, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := f.X.(*ast.Ident)
	return ok && pkg.Name == "i18n" && f.Sel.Name == "T"
}
