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
	t.Parallel()
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
			out, err := renderMarkdown(text, width, dark)
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

// blockquotes returns the blockquotes of a markdown text, each as its own
// markdown, with the line it starts on.
func blockquotes(text string) (quotes []string, numbers []int) {
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			quotes = append(quotes, strings.Join(cur, "\n")+"\n")
			cur = nil
		}
	}
	for n, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, ">") {
			if cur == nil {
				numbers = append(numbers, n+1)
			}
			cur = append(cur, line)
			continue
		}
		flush()
	}
	flush()
	return quotes, numbers
}

// TestLessonQuotesKeepTheirBar renders every blockquote of every lesson (the
// "The chapter says" callouts) at the lesson pane's width at 80 and 100
// columns, and demands that every line of it starts with the quote's bar: a
// line too wide for the pane breaks, and its second half loses the bar.
func TestLessonQuotesKeepTheirBar(t *testing.T) {
	t.Parallel()
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	lab := newTestLab(t)
	for _, size := range []struct{ width, height int }{{80, 24}, {100, 30}} {
		width := newTestModel(t, lab, Options{}, size.width, size.height).lesson.Width()
		found := 0
		for _, s := range course.Stages {
			text, err := lessons.LessonText(s)
			if err != nil {
				t.Fatal(err)
			}
			quotes, numbers := blockquotes(text)
			found += len(quotes)
			for i, q := range quotes {
				for _, dark := range []bool{true, false} {
					out, err := renderMarkdown(q, width, dark)
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range strings.Split(ansi.Strip(out), "\n") {
						l = strings.TrimSpace(l)
						if l != "" && !strings.HasPrefix(l, quoteBar) {
							t.Errorf("%s:%d at %d columns (dark %v): a quoted line lost its bar: %q",
								s.Lesson, numbers[i], size.width, dark, l)
						}
					}
				}
			}
		}
		if found == 0 {
			t.Fatal("no lesson has a blockquote: the test reads nothing")
		}
	}
}
