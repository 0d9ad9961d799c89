package lessons

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"charm.land/glamour/v2"
	glamouransi "charm.land/glamour/v2/ansi"
	glamourstyles "charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// Widths of the lesson pane in an 80-column terminal: the pane is paneWidth
// cells wide and a code line must fit codeWidth cells of it, a tab taking
// tabCells. Korean letters take two cells each, so widths are counted in
// cells, never in bytes or runes.
const (
	paneWidth = 55
	codeWidth = 49
	tabCells  = 4
)

// koDir holds the Korean lessons, one per English lesson, same file name.
const koDir = "ko"

// lessonShape is what a translation must keep of its English lesson.
type lessonShape struct {
	headings []string   // the level of each heading, "#", "##", ...
	blocks   [][]string // each fenced block: its fence line, then its lines
	links    []string   // every URL, in order
	spans    []string   // every inline code span and **bold** check id, sorted, deduplicated
	items    int        // list items
	rows     int        // table rows, the header and its rule included
	quotes   int        // blockquotes, the callouts on the chapter
}

var (
	urlPattern  = regexp.MustCompile(`https?://[^\s)>\]]+`)
	spanPattern = regexp.MustCompile("`[^`]+`")
	// checkIDPattern finds a check named the way the grader list names it.
	checkIDPattern = regexp.MustCompile(`\*\*[a-z0-9]+(?:-[a-z0-9]+)+\*\*`)
)

// shapeOf reads the parts of a lesson a translation keeps as they are.
func shapeOf(text string) lessonShape {
	var s lessonShape
	var block []string
	inQuote := false
	spans := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			if block == nil {
				block = []string{line}
			} else {
				s.blocks = append(s.blocks, block)
				block = nil
			}
			continue
		}
		if block != nil {
			block = append(block, line)
			continue
		}
		if h, _, ok := strings.Cut(line, " "); ok && h != "" && strings.Trim(h, "#") == "" {
			s.headings = append(s.headings, h)
		}
		if strings.HasPrefix(line, ">") && !inQuote {
			s.quotes++
		}
		inQuote = strings.HasPrefix(line, ">")
		if strings.HasPrefix(line, "- ") {
			s.items++
		}
		if strings.HasPrefix(line, "|") {
			s.rows++
		}
		s.links = append(s.links, urlPattern.FindAllString(line, -1)...)
		for _, m := range spanPattern.FindAllString(line, -1) {
			spans[m] = true
		}
		for _, m := range checkIDPattern.FindAllString(line, -1) {
			spans[m] = true
		}
	}
	for m := range spans {
		s.spans = append(s.spans, m)
	}
	slices.Sort(s.spans)
	return s
}

// sameCodeLine reports whether a translated code line keeps the English
// one: equal, or equal up to a // comment the English line has.
func sameCodeLine(en, ko string) bool {
	if en == ko {
		return true
	}
	i := strings.Index(en, "// ")
	return i >= 0 && strings.HasPrefix(ko, en[:i+3])
}

// cells is how many terminal cells a line of a lesson takes in the pane.
func cells(line string) int {
	return ansi.StringWidth(strings.ReplaceAll(line, "\t", strings.Repeat(" ", tabCells)))
}

// koLessons returns the names of the Korean lessons present.
func koLessons(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(koDir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatalf("no Korean lesson in lessons/%s: the test reads nothing", koDir)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// quotesOf returns the blockquotes of a lesson, the callouts on the
// chapter, each as markdown of its own.
func quotesOf(text string) []string {
	var quotes, cur []string
	for _, line := range strings.Split(text+"\n", "\n") {
		if strings.HasPrefix(line, ">") {
			cur = append(cur, line)
			continue
		}
		if cur != nil {
			quotes = append(quotes, strings.Join(cur, "\n")+"\n")
			cur = nil
		}
	}
	return quotes
}

// TestKoreanLessonsKeepTheEnglishShape demands that each Korean lesson has
// the headings of its English lesson at the same levels, the same code
// blocks (only comments may be translated), the same links and the same
// inline code and check ids, so that a translation drops or changes nothing
// a learner copies or the grader names.
func TestKoreanLessonsKeepTheEnglishShape(t *testing.T) {
	for _, name := range koLessons(t) {
		t.Run(name, func(t *testing.T) {
			en, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("lessons/%s/%s has no English lesson %s: name it after the lesson it translates", koDir, name, name)
			}
			ko, err := os.ReadFile(filepath.Join(koDir, name))
			if err != nil {
				t.Fatal(err)
			}
			want, got := shapeOf(string(en)), shapeOf(string(ko))
			if !slices.Equal(got.headings, want.headings) {
				t.Errorf("heading levels are %v, the English lesson's are %v: translate each heading, add or drop none", got.headings, want.headings)
			}
			if got.items != want.items || got.rows != want.rows || got.quotes != want.quotes {
				t.Errorf("%d list items, %d table rows, %d blockquotes; the English lesson has %d, %d, %d: translate each, merge or split none",
					got.items, got.rows, got.quotes, want.items, want.rows, want.quotes)
			}
			if len(got.blocks) != len(want.blocks) {
				t.Fatalf("%d code blocks, the English lesson has %d: keep every block", len(got.blocks), len(want.blocks))
			}
			for i, wb := range want.blocks {
				gb := got.blocks[i]
				if len(gb) != len(wb) {
					t.Errorf("code block %d has %d lines, the English one %d: copy the block as it is", i+1, len(gb)-1, len(wb)-1)
					continue
				}
				for j := range wb {
					if !sameCodeLine(wb[j], gb[j]) {
						t.Errorf("code block %d line %d is %q, the English one %q: only a comment may be translated", i+1, j, gb[j], wb[j])
					}
				}
			}
			if !slices.Equal(got.links, want.links) {
				t.Errorf("links are %v, the English lesson's are %v: keep every link, in order", got.links, want.links)
			}
			for _, s := range want.spans {
				if !slices.Contains(got.spans, s) {
					t.Errorf("%s is missing: keep inline code and check ids as they are", s)
				}
			}
		})
	}
}

// TestKoreanLessonsNameTheirSource demands that each Korean lesson opens
// with the line naming the English lesson it translates and its
// fingerprint, and that the learner never sees that line.
func TestKoreanLessonsNameTheirSource(t *testing.T) {
	for _, name := range koLessons(t) {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(koDir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), "<!-- source: "+name+" sha256:") {
				t.Errorf("the first line must be <!-- source: %s sha256:xxxxxxxx -->: go test ./internal/i18n -run Report -update writes it", name)
			}
			text, err := lessonText(content, koDir, name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(text, "# ") {
				t.Errorf("the lesson shown starts %q, not with its title: the source line must not reach the learner", text[:min(len(text), 40)])
			}
		})
	}
}

// TestEveryLessonHasAKoreanOne demands a Korean translation, under the same
// file name in lessons/ko, of every lesson the manifest lists.
func TestEveryLessonHasAKoreanOne(t *testing.T) {
	course, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range course.Stages {
		if _, err := os.Stat(filepath.Join(koDir, s.Lesson)); err != nil {
			t.Errorf("stage %s has no Korean lesson: translate %s into lessons/%s/%s", s.ID, s.Lesson, koDir, s.Lesson)
		}
	}
}

// TestKoreanLessonsFitThePane renders each Korean lesson the way the lesson
// pane of an 80-column terminal does (tabs as spaces, a one-cell quote bar)
// and demands that no line is wider than the pane, that no table cell is
// cut short, that every line of a callout keeps its quote bar, and that every code line fits its width and comes out whole,
// in cells, Korean letters counting two.
func TestKoreanLessonsFitThePane(t *testing.T) {
	for _, name := range koLessons(t) {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(koDir, name))
			if err != nil {
				t.Fatal(err)
			}
			text := withoutSource(string(b))
			for _, block := range shapeOf(text).blocks {
				for _, l := range block[1:] {
					if w := cells(l); w > codeWidth {
						t.Errorf("code line is %d cells, at most %d fit the pane: shorten it: %q", w, codeWidth, l)
					}
				}
			}
			for _, style := range []glamouransi.StyleConfig{glamourstyles.DarkStyleConfig, glamourstyles.LightStyleConfig} {
				bar := "▌"
				style.BlockQuote.IndentToken = &bar
				r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(paneWidth))
				if err != nil {
					t.Fatal(err)
				}
				out, err := r.Render(strings.ReplaceAll(text, "\t", strings.Repeat(" ", tabCells)))
				if err != nil {
					t.Fatal(err)
				}
				rendered := strings.Split(ansi.Strip(out), "\n")
				for i, l := range rendered {
					if w := cells(l); w > paneWidth {
						t.Errorf("rendered line %d is %d cells, the pane has %d: %q", i+1, w, paneWidth, l)
					}
					if strings.Contains(l, "…") && !strings.Contains(text, "…") {
						t.Errorf("rendered line %d is cut short with …, a table cell too wide for the pane: shorten its column: %q", i+1, l)
					}
				}
				for _, q := range quotesOf(text) {
					out, err := r.Render(q)
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range strings.Split(ansi.Strip(out), "\n") {
						if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, bar) {
							t.Errorf("a quoted line is too wide for the pane and lost its bar: rewrap the callout: %q", l)
						}
					}
				}
				for _, block := range shapeOf(text).blocks {
					for _, c := range block[1:] {
						c = strings.TrimRight(strings.ReplaceAll(c, "\t", strings.Repeat(" ", tabCells)), " ")
						if c == "" {
							continue
						}
						if !slices.ContainsFunc(rendered, func(l string) bool { return strings.Contains(l, c) }) {
							t.Errorf("code line is broken across lines in the pane: shorten it: %q", c)
						}
					}
				}
			}
		})
	}
}
