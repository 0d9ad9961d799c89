package i18n

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestTranslatedCatalogStaleWhenEnglishChanges records fingerprints in a catalog the
// way -update does, then changes an English text: only that message is
// listed as stale, and a message with no hash at all is stale too.
func TestTranslatedCatalogStaleWhenEnglishChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "active.xx.toml")
	const before = "# comment stays\n\"a\" = \"가\"\n\"b\" = \"나 {{.N}}\"\n"
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	recorded := map[string]string{"a": "A", "b": "B {{.N}}"}
	tests := []struct {
		name    string
		english map[string]string
		stamp   bool
		want    []string
	}{
		{"no hash yet", recorded, false, []string{"f: a", "f: b"}},
		{"just recorded", recorded, true, nil},
		{"English of a changed", map[string]string{"a": "A, reworded", "b": "B {{.N}}"}, false, []string{"f: a"}},
		{"message only in English", map[string]string{"a": "A", "b": "B {{.N}}", "c": "C"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.stamp {
				if err := StampCatalog(path, recorded); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			file, err := goi18n.ParseMessageFileBytes(b, "active.xx.toml", map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
			if err != nil {
				t.Fatalf("the stamped catalog does not load: %v\n%s", err, b)
			}
			hashes := map[string]string{}
			for _, m := range file.Messages {
				hashes[m.ID] = m.Hash
				if m.ID == "a" && m.Other != "가" {
					t.Errorf("message a reads %q after stamping, want 가", m.Other)
				}
			}
			got := StaleMessages("f", tt.english, hashes)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("stale = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTranslatedManifestStaleWhenEnglishChanges records the fingerprints of a stage
// and changes one English text at a time: the report lists exactly that
// text as stale, never as missing.
func TestTranslatedManifestStaleWhenEnglishChanges(t *testing.T) {
	english := func() manifestText {
		return manifestText{Stages: []manifestStage{{ID: "x", Title: "T", Summary: "S", Hints: []string{"h1", "h2"}}}}
	}
	translated := manifestText{Stages: []manifestStage{{ID: "x", Title: "제목", Summary: "요약", Hints: []string{"힌트1", "힌트2"}}}}
	stamped := stampManifest(english(), translated)
	tests := []struct {
		name   string
		change func(*manifestStage)
		want   []string
	}{
		{"unchanged", func(*manifestStage) {}, nil},
		{"title", func(s *manifestStage) { s.Title = "T2" }, []string{"lessons/manifest.xx.json: x title"}},
		{"summary", func(s *manifestStage) { s.Summary = "S2" }, []string{"lessons/manifest.xx.json: x summary"}},
		{"hint 2", func(s *manifestStage) { s.Hints[1] = "h2, now saying 401" }, []string{"lessons/manifest.xx.json: x hint 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en := english()
			tt.change(&en.Stages[0])
			missing, stale := manifestGaps(t, "manifest.xx.json", en, stamped)
			if len(missing) != 0 || !slices.Equal(stale, tt.want) {
				t.Errorf("missing %q, stale %q; want none missing, stale %q", missing, stale, tt.want)
			}
		})
	}
	_, stale := manifestGaps(t, "manifest.xx.json", english(), translated)
	if len(stale) != 4 {
		t.Errorf("a stage with no source block lists %q as stale, want its title, summary and 2 hints", stale)
	}
}

// TestTranslatedLessonStaleWhenEnglishChanges records a lesson's source line and
// changes the English lesson: the translation is stale, and recording again
// replaces the line instead of adding one.
func TestTranslatedLessonStaleWhenEnglishChanges(t *testing.T) {
	const name, en, ko = "01-a.md", "# A\n\nOld text.\n", "# 가\n\n옛 글.\n"
	stamped := stampLesson(name, en, ko)
	tests := []struct {
		name, lesson, english, translated string
		want                              bool
	}{
		{"just recorded", name, en, stamped, false},
		{"English changed", name, "# A\n\nNew text.\n", stamped, true},
		{"another lesson's line", "02-b.md", en, stamped, true},
		{"no source line", name, en, ko, true},
	}
	for _, tt := range tests {
		if got := lessonStale(tt.lesson, tt.english, tt.translated); got != tt.want {
			t.Errorf("%s: lessonStale = %v, want %v", tt.name, got, tt.want)
		}
	}
	again := stampLesson(name, "# A\n\nNew text.\n", stamped)
	if want := "<!-- source: 01-a.md " + Fingerprint("# A\n\nNew text.\n") + " -->\n" + ko; again != want {
		t.Errorf("recording again gives %q, want %q", again, want)
	}
}
