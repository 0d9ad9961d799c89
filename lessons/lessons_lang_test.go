package lessons

import (
	"testing"
	"testing/fstest"

	"authlab/internal/i18n"
)

func TestLoadCourseTranslates(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"stages":[
			{"id":"a","title":"A","summary":"sa","lesson":"01-a.md","package":"pa","edit":"a.go","hints":["h1","h2"]},
			{"id":"b","title":"B","summary":"sb","lesson":"02-b.md","package":"pb","edit":"b.go","hints":["g1"]}]}`)},
		"manifest.ko.json": {Data: []byte(`{"stages":[
			{"id":"a","title":"가","summary":"","hints":["힌트1"]},
			{"id":"gone","title":"없음"}]}`)},
	}
	tests := []struct {
		lang             string
		wantTitle        string
		wantSummary      string
		wantHints        []string
		wantSecondTitle  string
		wantFirstPackage string
	}{
		{i18n.English, "A", "sa", []string{"h1", "h2"}, "B", "pa"},
		{i18n.Korean, "가", "sa", []string{"힌트1", "h2"}, "B", "pa"},
		{"fr", "A", "sa", []string{"h1", "h2"}, "B", "pa"}, // no manifest.fr.json: English
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			c, err := loadCourse(fsys, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			a, b := c.Stages[0], c.Stages[1]
			if a.Title != tt.wantTitle || a.Summary != tt.wantSummary || b.Title != tt.wantSecondTitle || a.Package != tt.wantFirstPackage {
				t.Errorf("got %q %q %q %q", a.Title, a.Summary, b.Title, a.Package)
			}
			if len(a.Hints) != len(tt.wantHints) || a.Hints[0] != tt.wantHints[0] || a.Hints[1] != tt.wantHints[1] {
				t.Errorf("hints = %q, want %q", a.Hints, tt.wantHints)
			}
		})
	}
}

func TestLessonTextFallsBackToEnglish(t *testing.T) {
	fsys := fstest.MapFS{
		"01-a.md":    {Data: []byte("# A")},
		"02-b.md":    {Data: []byte("# B")},
		"ko/01-a.md": {Data: []byte("# 가")},
		"03-c.md":    {Data: []byte("# C")},
		"ko/03-c.md": {Data: []byte("<!-- source: 03-c.md sha256:0123abcd -->\n# 다")},
	}
	tests := []struct{ lang, name, want string }{
		{i18n.English, "01-a.md", "# A"},
		{i18n.Korean, "01-a.md", "# 가"},
		{i18n.Korean, "02-b.md", "# B"},
		{i18n.Korean, "03-c.md", "# 다"}, // the source line is for the translation report, not the learner
	}
	for _, tt := range tests {
		got, err := lessonText(fsys, tt.lang, tt.name)
		if err != nil || got != tt.want {
			t.Errorf("lessonText(%s, %s) = %q, %v; want %q", tt.lang, tt.name, got, err, tt.want)
		}
	}
}

// TestKoreanManifestMatchesStages guards the shipped translation: every
// stage keeps its id, package and lesson, and its hints keep their links.
func TestKoreanManifestMatchesStages(t *testing.T) {
	en, err := loadCourse(content, i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	ko, err := loadCourse(content, i18n.Korean)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range ko.Stages {
		e := en.Stages[i]
		if s.ID != e.ID || s.Package != e.Package || s.Lesson != e.Lesson || len(s.Hints) != len(e.Hints) {
			t.Fatalf("stage %d: Korean %+v does not match English %+v", i, s, e)
		}
		if s.Title == e.Title {
			t.Errorf("%s: title is not translated", s.ID)
		}
		for n := range s.Hints {
			want, got := linkPattern.FindAllString(e.Hints[n], -1), linkPattern.FindAllString(s.Hints[n], -1)
			if len(want) != len(got) {
				t.Errorf("%s hint %d: links %q, English has %q", s.ID, n+1, got, want)
				continue
			}
			for j := range want {
				if want[j] != got[j] {
					t.Errorf("%s hint %d: link %q, English has %q", s.ID, n+1, got[j], want[j])
				}
			}
		}
	}
}
