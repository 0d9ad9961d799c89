package main

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeDiesWithAuthlab ends `authlab serve` each way it can end: the
// stage's server must go with it, its port close, and authlab's temporary
// folder be removed, or, when authlab was killed outright, swept by the next
// authlab to start.
func TestServeDiesWithAuthlab(t *testing.T) {
	labDir := sharedLab(t)
	signal := func(sig syscall.Signal) func(*serving) {
		return func(s *serving) { s.cmd.Process.Signal(sig) }
	}
	for i, tt := range []struct {
		name   string
		end    func(*serving)
		killed bool // authlab cannot clean up: the next start sweeps
	}{
		{"SIGINT", signal(syscall.SIGINT), false},
		{"SIGTERM", signal(syscall.SIGTERM), false},
		{"SIGHUP", signal(syscall.SIGHUP), false},
		{"stdout closed (SIGPIPE)", func(s *serving) { s.stdout.Close() }, false},
		{"SIGKILL", signal(syscall.SIGKILL), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The first run compiles the server's binary; the others find
			// it up to date and run side by side.
			if i > 0 {
				t.Parallel()
			}
			temp := t.TempDir()
			env := "TMPDIR=" + temp
			s := startServe(t, labDir, "basic-auth", env)
			server := childOf(t, s.cmd.Process.Pid)
			folders := filepath.Join(temp, fmt.Sprintf("authlab-%d", os.Getuid()), fmt.Sprintf("%d-*", s.cmd.Process.Pid))
			if kept, _ := filepath.Glob(folders); len(kept) != 1 {
				t.Errorf("serve made %d temporary folders like %s, want 1", len(kept), folders)
			}

			tt.end(s)
			err := s.wait(t)
			if tt.killed != (err != nil) {
				t.Errorf("serve after %s: %v, want a clean exit: %v", tt.name, err, !tt.killed)
			}
			waitGone(t, server)
			u, _ := url.Parse(s.url(t))
			if conn, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
				conn.Close()
				t.Errorf("%s still accepts connections after serve ended", u.Host)
			}
			if tt.killed {
				start := exec.Command(binary, "list")
				start.Dir, start.Env = labDir, append(os.Environ(), env)
				if out, err := start.CombinedOutput(); err != nil {
					t.Fatalf("authlab list: %v\n%s", err, out)
				}
			}
			if kept, _ := filepath.Glob(folders); len(kept) != 0 {
				t.Errorf("the temporary folder %v is still there", kept)
			}
		})
	}
}

// childOf returns the one process pid has started.
func childOf(t *testing.T, pid int) int {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var children []int
	for _, stat := range stats {
		if ppid, _ := procStat(stat); ppid == pid {
			child, _ := strconv.Atoi(filepath.Base(filepath.Dir(stat)))
			children = append(children, child)
		}
	}
	if len(children) != 1 {
		t.Fatalf("process %d has children %v, want one: the server", pid, children)
	}
	return children[0]
}

// procStat reads a process's parent and state from its /proc stat file.
func procStat(path string) (ppid int, state string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, ""
	}
	_, rest, _ := strings.Cut(string(b), ") ") // after the command name, which may hold spaces
	fields := strings.Fields(rest)
	if len(fields) < 2 {
		return 0, ""
	}
	ppid, _ = strconv.Atoi(fields[1])
	return ppid, fields[0]
}

// waitGone waits until process pid has ended: gone, or a zombie nobody has
// reaped yet whose threads have all exited. A killed process's first thread
// can show as a zombie while the others still hold its files, listening
// sockets included, so a zombie counts only once it has no open file.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	stat := fmt.Sprintf("/proc/%d/stat", pid)
	fds := fmt.Sprintf("/proc/%d/fd", pid)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, state := procStat(stat)
		if open, _ := os.ReadDir(fds); state == "" || state == "Z" && len(open) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server (process %d) still runs 5s after serve ended", pid)
		}
	}
}

// TestServeEndsWhenItsReaderGoesAtOnce is `authlab serve | head -1`: the
// reader goes before the server is up, and serve must end cleanly at once,
// leaving no temporary folder.
func TestServeEndsWhenItsReaderGoesAtOnce(t *testing.T) {
	labDir := sharedLab(t)
	temp := t.TempDir()
	cmd := exec.Command(binary, "serve", "basic-auth", "--solution")
	cmd.Dir, cmd.Env = labDir, append(os.Environ(), "TMPDIR="+temp)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "Compiling") {
		t.Fatalf("serve's first line: %q, %v", first, err)
	}
	stdout.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after its reader went: %v, want a clean exit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve still runs 10s after its reader went")
	}
	if kept, _ := filepath.Glob(filepath.Join(temp, "authlab-*", "*")); len(kept) != 0 {
		t.Errorf("serve left %v behind", kept)
	}
}
