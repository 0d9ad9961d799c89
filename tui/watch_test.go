package tui

import (
	"errors"
	"os/exec"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestNoEditorShowsThePath(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	l := newTestLab(t)
	m := newTestModel(t, l, Options{}, 120, 40)
	if cmd := press(m, "e"); cmd != nil {
		t.Fatal("e with no editor returned a command")
	}
	assertContains(t, m, "No editor set ($VISUAL, $EDITOR): open "+l.Path(m.stage.ExerciseFile()))
	assertFits(t, m)
}

func TestEditorChoice(t *testing.T) {
	tests := []struct {
		option, visual, editor string
		want                   string
	}{
		{"code --wait", "vim", "nano", "code --wait"},
		{"", "vim", "nano", "vim"},
		{"", "", "nano -w", "nano -w"},
		{"", " ", "nano", "nano"},
	}
	for _, tt := range tests {
		t.Setenv("VISUAL", tt.visual)
		t.Setenv("EDITOR", tt.editor)
		m := New(newTestLab(t), Options{Editor: tt.option}).(*model)
		if got := m.editorCommand(); got != tt.want {
			t.Errorf("option %q, VISUAL %q, EDITOR %q: editor %q, want %q", tt.option, tt.visual, tt.editor, got, tt.want)
		}
	}
}

func TestEditorReturnRunsChecks(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{Editor: "true --wait"}, 80, 24)
	if cmd := press(m, "e"); cmd == nil {
		t.Fatal("e with an editor returned no command")
	}
	m.Update(editorDoneMsg{stage: m.stage.ID, editor: "true"})
	if m.run == nil {
		t.Fatal("no run after the editor returned")
	}
	if m.tab != tabChecks {
		t.Errorf("tab %v after the editor returned", m.tab)
	}
}

func TestEditorFailure(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{}, 120, 40)
	m.Update(editorDoneMsg{stage: m.stage.ID, editor: "nosuchedit", err: &exec.Error{Name: "nosuchedit", Err: exec.ErrNotFound}})
	assertContains(t, m, `The editor "nosuchedit" was not found: set $VISUAL or $EDITOR`)
	if m.run != nil {
		t.Error("a failed editor started a run")
	}
	m.Update(editorDoneMsg{stage: m.stage.ID, editor: "vim", err: errors.New("exit status 1")})
	assertContains(t, m, `The editor "vim" failed: exit status 1.`)
}

// await runs cmd and returns its message, or fails after the timeout.
func await(t *testing.T, cmd tea.Cmd, timeout time.Duration) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to run")
	}
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	select {
	case msg := <-got:
		return msg
	case <-time.After(timeout):
		t.Fatalf("the command gave no message within %s", timeout)
		return nil
	}
}

func TestWatchRunsChecksOnSave(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	m := newTestModel(t, l, Options{Watch: true}, 80, 24)
	ready, ok := await(t, m.startWatch(), time.Second).(watchReadyMsg)
	if !ok || ready.err != nil {
		t.Fatalf("watch did not start: %+v", ready)
	}
	_, wait := m.Update(ready)
	if m.watcher == nil {
		t.Fatal("the watcher was not kept")
	}
	file := m.stage.ExerciseFile()
	writeFile(t, l, file, readFile(t, l, file)+"\n// saved\n")
	changed, ok := await(t, wait, 5*time.Second).(filesChangedMsg)
	if !ok {
		t.Fatal("saving gave no change")
	}
	m.Update(changed)
	if m.run == nil {
		t.Fatal("a save started no run")
	}
	if m.tab != tabLesson {
		t.Errorf("a save moved to tab %v", m.tab)
	}
}

func TestWatchToggle(t *testing.T) {
	t.Parallel()
	m := newTestModel(t, newTestLab(t), Options{Watch: true}, 80, 24)
	ready := await(t, m.startWatch(), time.Second).(watchReadyMsg)
	m.Update(ready)
	w := m.watcher
	if cmd := press(m, "w"); cmd != nil || m.watchOn || m.watcher != nil {
		t.Fatal("w did not turn watch mode off")
	}
	if _, open := <-w.Events(); open {
		t.Error("turning watch mode off left the watcher open")
	}
	assertContains(t, m, "Watch mode off: press c to run the checks.", "watch off")

	// A change from the closed watcher is ignored.
	m.Update(filesChangedMsg{gen: ready.gen})
	if m.run != nil {
		t.Error("a change from a closed watcher started a run")
	}

	cmd := press(m, "w")
	if cmd == nil || !m.watchOn {
		t.Fatal("w did not turn watch mode on")
	}
	assertContains(t, m, "Watch mode on", "watch on")
	m.Update(await(t, cmd, time.Second))
	if m.watcher == nil {
		t.Fatal("turning watch mode on started no watcher")
	}
}

func TestStaleWatcherIsClosed(t *testing.T) {
	t.Parallel()
	l := twoStageLab(t)
	m := newTestModel(t, l, Options{Watch: true}, 80, 24)
	first := await(t, m.startWatch(), time.Second).(watchReadyMsg)
	press(m, "n") // starts watching the next stage: the first watcher is stale
	m.Update(first)
	if m.watcher != nil {
		t.Fatal("a stale watcher was kept")
	}
	if _, open := <-first.watcher.Events(); open {
		t.Error("a stale watcher was left open")
	}
}
