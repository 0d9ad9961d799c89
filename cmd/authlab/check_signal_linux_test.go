package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCheckStoppedBySignal stops a running `authlab check` as Ctrl+C and
// kill do: it must say it was interrupted, not "context canceled", and
// exit 128 + the signal's number, as shells report a stopped process.
func TestCheckStoppedBySignal(t *testing.T) {
	labDir := sharedLab(t)
	// A handler that never answers keeps the checks running until the
	// signal comes.
	starter, err := os.ReadFile(filepath.Join(labDir, "lessons", "starters", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	hanging := strings.Replace(string(starter), "\"net/http\"\n", "\"net/http\"\n\t\"time\"\n", 1)
	hanging = strings.Replace(hanging, "next.ServeHTTP(w, r)", "time.Sleep(time.Minute)", 1)
	editFile(t, labDir, "exercises/basicauth/auth.go", []byte(hanging))

	for _, tt := range []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			cmd := exec.Command(binary, "check", "basic-auth")
			cmd.Dir = labDir
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() })
			waitForTestProcess(t, cmd.Process.Pid)
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("check still runs 10s after %v", tt.sig)
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.code ||
				!strings.Contains(stderr.String(), "stopped: authlab was interrupted") || strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("check after %v: %v, stderr %q; want exit %d and that authlab was interrupted", tt.sig, err, stderr.String(), tt.code)
			}
		})
	}
}

// waitForTestProcess waits until authlab (process pid) runs the checks'
// test binary: a child that is not the go command building it.
func waitForTestProcess(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		stats, _ := filepath.Glob("/proc/[0-9]*/stat")
		for _, stat := range stats {
			if ppid, _ := procStat(stat); ppid != pid {
				continue
			}
			comm, _ := os.ReadFile(filepath.Join(filepath.Dir(stat), "comm"))
			if name := strings.TrimSpace(string(comm)); name != "" && name != "go" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("authlab (process %d) started no test binary within 60s", pid)
		}
	}
}
