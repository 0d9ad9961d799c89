package harness

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"authlab/grader"
)

// TestServeStopsWhenStdinEnds runs a demo server in a copy of this test
// process, as authlab runs one, and closes its stdin, as the end of authlab
// does wherever the kernel cannot kill the server itself: it must stop.
func TestServeStopsWhenStdinEnds(t *testing.T) {
	if os.Getenv(grader.ModeEnv) == grader.ModeServe {
		serve(t, grader.Demo{Handler: func() (http.Handler, error) { return http.NotFoundHandler(), nil }})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeStopsWhenStdinEnds$")
	cmd.Env = append(os.Environ(), grader.ModeEnv+"="+grader.ModeServe, grader.ServeAddrEnv+"=127.0.0.1:0")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.Contains(sc.Text(), grader.ListeningPrefix) {
	}

	stdin.Close()
	done := make(chan error, 1)
	go func() {
		for sc.Scan() {
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the server after its stdin closed: %v, want a clean exit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server still runs 10s after its stdin closed")
	}
}
