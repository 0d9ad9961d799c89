package tui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/internal/lab"
	"authlab/lessons"
)

var sizes = []struct{ width, height int }{{80, 24}, {120, 40}}

func TestLayout(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	title := l.Course.Stages[0].Title
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.width, sz.height), func(t *testing.T) {
			m := newTestModel(t, l, Options{Watch: true}, sz.width, sz.height)
			if got := leftPane(m); !strings.Contains(got, title) {
				t.Errorf("stage list lacks the title %q: %q", title, got)
			}
			assertContains(t, m, "Stages", glyphCurrent+" 1.", fmt.Sprintf("0/%d", len(l.Course.Stages)), "Lesson", "Checks", "Solution", "Diff",
				"watch on", "e edit", "q quit")
			assertFits(t, m)
			if n := len(strings.Split(screen(m), "\n")); n != sz.height {
				t.Errorf("screen has %d lines, want the full height %d", n, sz.height)
			}
		})
	}
}

func TestEverythingFits(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	states := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"full help", []string{"?"}},
		{"hint", []string{"h"}},
		{"confirm dialog", []string{"s"}},
		{"checks tab", []string{"2"}},
		{"solution", []string{"s", "y"}},
		{"diff", []string{"d", "y"}},
		{"everything", []string{"?", "h", "r"}},
	}
	for _, st := range states {
		for _, sz := range []struct{ width, height int }{{60, 16}, {80, 24}, {100, 30}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", st.name, sz.width, sz.height), func(t *testing.T) {
				m := newTestModel(t, l, Options{}, sz.width, sz.height)
				press(m, st.keys...)
				assertFits(t, m)
			})
		}
	}
}

func TestHelpLineFitsAt80(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
	lines := strings.Split(screen(m), "\n")
	helpLine := lines[len(lines)-1]
	if !strings.Contains(helpLine, "? help") {
		t.Errorf("the help line does not offer ? help: %q", helpLine)
	}
	press(m, "?")
	assertContains(t, m, "reset exercise", "previous stage", "focus stages")
	press(m, "?")
	assertLacks(t, m, "previous stage")
}

func TestTooSmall(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 50, 10)
	assertContains(t, m, "too small", "60×16", "50×10")
	assertFits(t, m)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	assertLacks(t, m, "too small")
	assertContains(t, m, "Stages")
}

func TestTabs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		keys []string
		want tabID
		text string
	}{
		{nil, tabLesson, "Basic auth"},
		{[]string{"tab"}, tabChecks, "Press c to run the checks"},
		{[]string{"tab", "tab"}, tabSolution, "stays hidden"},
		{[]string{"shift+tab"}, tabDiff, "Press d to see it anyway"},
		{[]string{"3", "1"}, tabLesson, "Basic auth"},
		{[]string{"2"}, tabChecks, glyphPending},
		{[]string{"4", "tab"}, tabLesson, "Basic auth"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
			press(m, tt.keys...)
			if m.tab != tt.want {
				t.Errorf("tab %v, want %v", m.tab, tt.want)
			}
			assertContains(t, m, tt.text)
		})
	}
}

func TestLessonScrolls(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
	vp := &m.lesson.vp
	press(m, "j", "j", "down")
	if got := vp.YOffset(); got != 3 {
		t.Errorf("after j j ↓ the lesson is at line %d, want 3", got)
	}
	press(m, "G")
	if !vp.AtBottom() {
		t.Error("G did not go to the bottom")
	}
	press(m, "g")
	if !vp.AtTop() {
		t.Error("g did not go to the top")
	}
	press(m, "pgdown")
	if vp.YOffset() == 0 {
		t.Error("pgdn did not scroll")
	}
}

func TestSolutionAsksFirst(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
	press(m, "s")
	assertContains(t, m, "Stage not passed yet. Show the solution anyway?", "y yes")
	press(m, "n")
	assertLacks(t, m, "Show the solution anyway?")
	if m.tab != tabLesson {
		t.Errorf("saying no moved to tab %v", m.tab)
	}
	press(m, "s", "y")
	if m.tab != tabSolution {
		t.Fatalf("saying yes left tab %v", m.tab)
	}
	assertContains(t, m, "the reference solution", "package basicauth")
}

func TestSolutionOfPassedStageShowsAtOnce(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	if err := l.Progress.MarkPassed(l.Course.Stages[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, l, Options{}, 120, 40)
	for m.stage.ID != l.Course.Stages[0].ID {
		press(m, "p")
	}
	press(m, "s")
	assertLacks(t, m, "anyway?")
	assertContains(t, m, "package basicauth")
}

func TestDiff(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	s := l.Course.Stages[0]
	m := newTestModel(t, l, Options{}, 120, 40)
	press(m, "d")
	assertContains(t, m, "Show the diff against the solution anyway?")
	press(m, "y")
	assertContains(t, m, "--- "+s.ExerciseFile(), "+++ "+s.SolutionFile(), "lines, only comments differ", `+    "crypto/subtle"`)
	// The hunks alone show: no hunk header, and not the package docs,
	// which differ in comments only.
	assertLacks(t, m, "@@", "// Package basicauth is stage 1")
	if text := ansi.Strip(m.diff.render()); !strings.Contains(text, "unchanged line") {
		t.Errorf("the diff folds no unchanged lines:\n%s", text)
	}

	writeFile(t, l, s.ExerciseFile(), readFile(t, l, s.SolutionFile()))
	press(m, "1", "4")
	assertContains(t, m, "No differences")
}

func TestReset(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	s := l.Course.Stages[0]
	starter, err := lessons.Starter(s)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, l, s.ExerciseFile(), "package basicauth // my work\n")
	m := newTestModel(t, l, Options{}, 80, 24)

	press(m, "r")
	assertContains(t, m, "Reset exercises/basicauth/auth.go to the starter? Your changes will be lost.")
	press(m, "esc")
	if got := readFile(t, l, s.ExerciseFile()); got != "package basicauth // my work\n" {
		t.Fatalf("saying no changed the file to %q", got)
	}
	press(m, "r", "y")
	if got := readFile(t, l, s.ExerciseFile()); got != string(starter[s.Edit]) {
		t.Fatalf("reset left %q", got)
	}
	assertContains(t, m, "back to the starter")
}

func TestHintsCycle(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 120, 40)
	hints := m.stage.Hints
	if len(hints) < 2 {
		t.Fatalf("the first stage has %d hint(s); this test needs two to see them cycle", len(hints))
	}
	assertLacks(t, m, "Hint 1/")
	for i := range len(hints) + 1 {
		press(m, "h")
		n := i%len(hints) + 1
		assertContains(t, m, fmt.Sprintf("Hint %d/%d", n, len(hints)))
		assertContains(t, m, strings.Fields(hints[n-1])[0])
		assertFits(t, m)
	}
	press(m, "esc")
	assertLacks(t, m, "Hint ")
}

func TestStageNavigation(t *testing.T) {
	t.Parallel()
	l := twoStageLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	press(m, "n")
	if m.stage.ID != "second-stage" {
		t.Fatalf("n went to %s", m.stage.ID)
	}
	if got := l.Progress.Current(); got != "second-stage" {
		t.Errorf("progress remembers %q as current", got)
	}
	assertContains(t, m, "is locked until")
	if cmd := press(m, "c"); cmd != nil || m.run != nil {
		t.Error("c started a run on a locked stage")
	}
	press(m, "2")
	assertContains(t, m, "This stage is locked: pass", glyphLocked+" 2.")
	press(m, "p")
	if m.stage.ID != l.Course.Stages[0].ID {
		t.Fatalf("p went to %s", m.stage.ID)
	}
	press(m, "p")
	if m.stage.ID != l.Course.Stages[0].ID {
		t.Fatalf("p before the first stage went to %s", m.stage.ID)
	}
	press(m, "left", "down")
	if m.stage.ID != "second-stage" {
		t.Fatalf("↓ in the focused stage list went to %s", m.stage.ID)
	}
	press(m, "up", "right", "down")
	if m.stage.ID != l.Course.Stages[0].ID {
		t.Fatalf("↓ in the focused pane moved to stage %s", m.stage.ID)
	}
}

func TestOpensOnNextStage(t *testing.T) {
	t.Parallel()
	l := twoStageLab(t)
	if err := l.Progress.MarkPassed(l.Course.Stages[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, l, Options{}, 80, 24)
	if m.stage.ID != "second-stage" {
		t.Fatalf("opened on %s", m.stage.ID)
	}
	assertContains(t, m, glyphPass+" 1.", glyphCurrent+" 2.", "1/2")
}

func TestProgressWarningShown(t *testing.T) {
	t.Parallel()
	root := newTestLab(t).Root
	p := filepath.Join(root, filepath.FromSlash(lab.ProgressFile))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := lab.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, l, Options{}, 120, 40)
	assertContains(t, m, "Your progress file is not valid JSON")
}

func TestLightBackground(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if m.com.styles.isDark {
		t.Error("a white background left the dark styles")
	}
	press(m, "s", "y")
	assertContains(t, m, "package basicauth")
	assertFits(t, m)
}

func TestQuit(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"q"}, {"ctrl+c"}, {"r", "ctrl+c"}} {
		m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
		cmd := press(m, keys...)
		if cmd == nil {
			t.Fatalf("%v: no command", keys)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%v did not quit", keys)
		}
	}
	m := newTestModel(t, newTestLab(t), Options{}, 80, 24)
	if cmd := press(m, "r", "q"); cmd != nil {
		t.Error("q answered an open dialog by quitting")
	}
}
