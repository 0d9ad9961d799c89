package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// tmuxSession drives the real authlab TUI in a detached tmux session, on a
// tmux server of its own: on a shared server, a test ending the last
// session stops the server while another test's new-session is talking to
// it ("server exited unexpectedly").
type tmuxSession struct {
	t      *testing.T
	name   string
	socket string // the server's
}

// tmuxSessions numbers the sessions this process starts.
var tmuxSessions atomic.Int64

// tmux is a tmux command for the session's server.
func (s *tmuxSession) tmux(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-S", s.socket}, args...)...)
}

// running says whether the session still runs.
func (s *tmuxSession) running() bool { return s.tmux("has-session", "-t", s.name).Run() == nil }

// startTmux runs command (authlab itself when none is given) in labDir, in
// a detached tmux session of width×height.
func startTmux(t *testing.T, labDir string, width, height int, command ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed to test the real TUI: install it (apt-get install tmux); .ci/run does")
	}
	// A short folder of its own: a socket's path has at most about 100
	// bytes, which a test's TempDir may exceed.
	dir, err := os.MkdirTemp("", "authlab-tmux-")
	if err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, name: fmt.Sprintf("authlab-test-%d", tmuxSessions.Add(1)), socket: filepath.Join(dir, "socket")}
	t.Cleanup(func() {
		s.tmux("kill-server").Run()
		os.RemoveAll(dir)
	})
	cmd := s.tmux("new-session", "-d", "-s", s.name,
		"-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "-e", "TERM=xterm-256color", "-e", "EDITOR=",
		"-e", "VISUAL=", "-e", deepScale, "-c", labDir)
	if len(command) == 0 {
		command = []string{binary}
	}
	cmd.Args = append(cmd.Args, command...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	return s
}

func (s *tmuxSession) keys(keys ...string) {
	args := append([]string{"send-keys", "-t", s.name}, keys...)
	if out, err := s.tmux(args...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
}

func (s *tmuxSession) screen() string {
	out, _ := s.tmux("capture-pane", "-p", "-t", s.name).Output()
	return string(out)
}

// waitFor polls the screen until it contains want, or fails the test with
// the last screen.
func (s *tmuxSession) waitFor(want string, timeout time.Duration) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := s.screen()
		if strings.Contains(screen, want) {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q within %s; last screen:\n%s", want, timeout, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestRealTUIInTmux(t *testing.T) {
	labDir := ownLab(t)
	s := startTmux(t, labDir, 100, 30)

	s.waitFor("Basic auth: a shared secret", 10*time.Second)
	s.keys("c")
	screen := s.waitFor(fmt.Sprintf("%d/%d checks pass", starterPasses, stageOneChecks(t)), 60*time.Second)
	for _, want := range []string{"✗ No Authorization header is answered 401", "Got (your code)", "Hint"} {
		if !strings.Contains(screen, want) {
			t.Errorf("after a check the screen lacks %q:\n%s", want, screen)
		}
	}

	// Solve the stage behind the TUI's back: watch mode must see the save,
	// and the run go through both steps.
	solution, err := os.ReadFile(filepath.Join(labDir, "solutions", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, labDir, "exercises/basicauth/auth.go", solution)
	s.waitFor("Step 2 of 2 · ", 60*time.Second)
	screen = s.waitFor("stage complete!", 90*time.Second)
	want := fmt.Sprintf("%d/%d checks pass · deep checks %d/%d", stageOneChecks(t), stageOneChecks(t), stageOneDeepChecks(t), stageOneDeepChecks(t))
	if !strings.Contains(screen, want) {
		t.Errorf("after passing both steps the screen lacks %q:\n%s", want, screen)
	}

	s.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for s.running() {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit; screen:\n%s", s.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	progress, err := os.ReadFile(filepath.Join(labDir, ".authlab", "progress.json"))
	if err != nil || !strings.Contains(string(progress), `"basic-auth"`) {
		t.Errorf("progress after passing in the TUI: %s, %v", progress, err)
	}
}
