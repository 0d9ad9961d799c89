package tui

import (
	"bufio"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"authlab/lessons"
)

// fencedLines returns the lines inside the fenced code blocks of a markdown
// text, with their line numbers, leaving out blank ones.
func fencedLines(text string) (lines []string, numbers []int) {
	in := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			in = !in
			continue
		}
		if in && strings.TrimSpace(line) != "" {
			lines = append(lines, strings.TrimRight(line, " "))
			numbers = append(numbers, n)
		}
	}
	return lines, numbers
}

// TestLessonCodeFitsAt80 renders every lesson the way the lesson pane of an
// 80-column terminal does, and demands that every line of every fenced code
// block (code and pictures) comes out whole on one line of the pane: Glamour
// breaks a code line that is too wide and drops its indent, which mangles a
// box drawing, and a tab takes four cells once the pane lays it out.
func TestLessonCodeFitsAt80(t *testing.T) {
	m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
	width := m.lesson.Width()
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range course.Stages {
		text, err := lessons.LessonText(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, dark := range []bool{true, false} {
			var md markdownCache
			out, err := md.render(text, width, dark)
			if err != nil {
				t.Fatal(err)
			}
			rendered := strings.Split(ansi.Strip(out), "\n")
			for i, l := range rendered {
				if w := ansi.StringWidth(strings.ReplaceAll(l, "\t", "    ")); w > width {
					t.Errorf("%s (dark %v): rendered line %d is %d cells, the pane at 80 columns has %d: %q", s.Lesson, dark, i+1, w, width, l)
				}
			}
			code, numbers := fencedLines(text)
			if len(code) == 0 {
				t.Fatalf("%s has no fenced code block: the test reads nothing", s.Lesson)
			}
			for j, c := range code {
				whole := false
				for _, l := range rendered {
					if strings.Contains(l, strings.ReplaceAll(c, "\t", strings.Repeat(" ", tabWidth))) {
						whole = true
						break
					}
				}
				if !whole {
					t.Errorf("%s:%d is broken across lines in the lesson pane at 80 columns (%d cells wide): shorten it: %q",
						s.Lesson, numbers[j], width, c)
				}
			}
		}
	}
}
