package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/internal/lab"
	"authlab/internal/labcopy"
	"authlab/lessons"
)

// newTestLab opens a small lab in a temporary folder: the module file, the
// manifest, each exercise as its pristine starter and each solution. Tests
// may edit, reset and pass stages in it, but not compile it: that needs
// newFullTestLab.
func newTestLab(t *testing.T) *lab.Lab {
	t.Helper()
	src, dst := labcopy.Root(t), t.TempDir()
	copyFile := func(rel string) {
		b, err := os.ReadFile(filepath.Join(src, rel))
		if err != nil {
			t.Fatal(err)
		}
		writeTo(t, filepath.Join(dst, rel), b)
	}
	copyFile("go.mod")
	copyFile(filepath.Join("lessons", "manifest.json"))
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range course.Stages {
		starter, err := lessons.Starter(s)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range starter {
			writeTo(t, filepath.Join(dst, filepath.FromSlash(s.ExerciseDir()), name), b)
		}
		copyFile(filepath.FromSlash(s.SolutionFile()))
	}
	l, err := lab.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// newFullTestLab opens a complete copy of the lab, one the grader can run
// in: the test's kept copy, so a rerun compiles nothing anew.
func newFullTestLab(t *testing.T) *lab.Lab {
	t.Helper()
	l, err := lab.Open(labcopy.Kept(t, "tui-"+t.Name()))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// writeTo writes a file, creating its folder.
func writeTo(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// twoStageLab is a test lab whose course has a second stage (a copy of the
// first under another id), locked until the first passes.
func twoStageLab(t *testing.T) *lab.Lab {
	t.Helper()
	l := newTestLab(t)
	first := l.Course.Stages[0]
	second := first
	second.ID, second.Title = "second-stage", "Second: tokens"
	l.Course = &lessons.Course{Stages: []lessons.Stage{first, second}}
	return l
}

// newTestModel returns the root model of l, sized width×height.
func newTestModel(t *testing.T, l *lab.Lab, opts Options, width, height int) *model {
	t.Helper()
	m := New(l, opts).(*model)
	t.Cleanup(m.shutdown)
	m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	return m
}

// keyPress builds the key press message for a key name as help shows it.
func keyPress(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"esc":       {Code: tea.KeyEscape},
		"enter":     {Code: tea.KeyEnter},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgdown":    {Code: tea.KeyPgDown},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	}
	if k, ok := special[name]; ok {
		return k
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// press sends the named keys in order and returns the last command.
func press(m *model, names ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, n := range names {
		_, cmd = m.Update(keyPress(n))
	}
	return cmd
}

// screen returns what the model draws, without escape codes.
func screen(m *model) string { return ansi.Strip(m.View().Content) }

// assertFits fails when the screen is wider or taller than the terminal.
func assertFits(t *testing.T, m *model) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) > m.height {
		t.Errorf("screen has %d lines, terminal has %d", len(lines), m.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("line %d is %d cells wide, terminal has %d: %q", i, w, m.width, ansi.Strip(l))
		}
	}
}

// flat removes box-drawing borders and collapses runs of white space, so
// that text wrapped over lines, in a dialog or beside a border reads as
// one line.
func flat(s string) string {
	s = strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// views returns the screen flat four ways: whole, each pane on its own and
// the status line, so that text wrapped inside a pane or the status line
// reads as one line.
func views(m *model) []string {
	var left, right []string
	for _, l := range strings.Split(screen(m), "\n") {
		left = append(left, ansi.Cut(l, 0, m.leftWidth()))
		right = append(right, ansi.Cut(l, m.leftWidth(), m.width))
	}
	return []string{flat(screen(m)), flat(strings.Join(left, "\n")), flat(strings.Join(right, "\n")), statusText(m)}
}

// statusText returns the status line's message, flat, without the watch
// mode beside it.
func statusText(m *model) string {
	return flat(strings.NewReplacer("watch off", "", "watch on", "").Replace(ansi.Strip(m.statusLine())))
}

// shows reports whether the screen shows text, in any of its views.
func shows(m *model, text string) bool {
	for _, v := range views(m) {
		if strings.Contains(v, flat(text)) {
			return true
		}
	}
	return false
}

// assertContains fails when the screen lacks any of the texts.
func assertContains(t *testing.T, m *model, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if !shows(m, text) {
			t.Errorf("screen lacks %q:\n%s", text, screen(m))
		}
	}
}

// assertLacks fails when the screen shows any of the texts.
func assertLacks(t *testing.T, m *model, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if shows(m, text) {
			t.Errorf("screen shows %q:\n%s", text, screen(m))
		}
	}
}

// checksText returns the whole Checks tab, however it is scrolled, flat.
func checksText(m *model) string { return flat(ansi.Strip(m.checks.render().text)) }

// leftPane returns the text of the stage list, flat.
func leftPane(m *model) string { return views(m)[1] }

// writeFile replaces a file of the lab.
func writeFile(t *testing.T, l *lab.Lab, rel, text string) {
	t.Helper()
	writeTo(t, l.Path(rel), []byte(text))
}

// readFile returns a file of the lab.
func readFile(t *testing.T, l *lab.Lab, rel string) string {
	t.Helper()
	b, err := os.ReadFile(l.Path(rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// runCmd runs a command the way Bubble Tea would, flattening batches, and
// sends every message it produces to out. Spinner ticks are dropped: they
// would tick forever.
func runCmd(cmd tea.Cmd, out chan<- tea.Msg) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				runCmd(c, out)
			}
			return
		}
		if msg != nil {
			out <- msg
		}
	}()
}

// drive feeds the model the messages its commands produce, starting with
// cmd, until done reports true or the timeout passes.
func drive(t *testing.T, m *model, cmd tea.Cmd, done func() bool, timeout time.Duration) {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	runCmd(cmd, msgs)
	deadline := time.After(timeout)
	for !done() {
		select {
		case msg := <-msgs:
			if _, tick := msg.(spinner.TickMsg); tick {
				continue
			}
			_, next := m.Update(msg)
			runCmd(next, msgs)
		case <-deadline:
			t.Fatalf("timed out after %s; screen:\n%s", timeout, screen(m))
		}
	}
}
