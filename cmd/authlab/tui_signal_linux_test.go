package main

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTUIClosesCleanlyWhenTold ends the real TUI with the signals of kill
// and of a closed terminal: it must quit as q does, giving the terminal back
// (main screen, cursor shown) and exiting 0.
func TestTUIClosesCleanlyWhenTold(t *testing.T) {
	labDir := sharedLab(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			s := startTmux(t, labDir, 100, 30, "sh", "-c", `"$0"; echo "authlab exited $?"; sleep 60`, binary)
			s.waitFor("Basic auth: a shared secret", 10*time.Second)

			shell, err := strconv.Atoi(s.display("#{pane_pid}"))
			if err != nil {
				t.Fatal(err)
			}
			if err := syscall.Kill(childOf(t, shell), sig); err != nil {
				t.Fatal(err)
			}
			screen := s.waitFor("authlab exited", 10*time.Second)
			if !strings.Contains(screen, "authlab exited 0") {
				t.Errorf("the TUI after %s did not exit 0:\n%s", sig, screen)
			}
			if got := s.display("alternate screen #{alternate_on}, cursor shown #{cursor_flag}"); got != "alternate screen 0, cursor shown 1" {
				t.Errorf("the terminal after %s: %s, want the main screen and the cursor shown", sig, got)
			}
		})
	}
}

// display returns a tmux format, such as "#{pane_pid}", for the session.
func (s *tmuxSession) display(format string) string {
	out, err := s.tmux("display", "-p", "-t", s.name, format).Output()
	if err != nil {
		s.t.Fatalf("tmux display: %v", err)
	}
	return strings.TrimSpace(string(out))
}
