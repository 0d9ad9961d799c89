package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"authlab/lessons"
)

// serving is a running `authlab serve`.
type serving struct {
	cmd   *exec.Cmd
	out   string      // what it printed up to "Press Ctrl+C"
	lines chan string // what it prints after
}

// startServe runs `authlab serve stage --solution` in labDir and waits until
// it has printed its curl lines.
func startServe(t *testing.T, labDir, stage string) *serving {
	t.Helper()
	cmd := exec.Command(binary, "serve", stage, "--solution")
	cmd.Dir = labDir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	s := &serving{cmd: cmd, lines: make(chan string)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	var printed strings.Builder
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				t.Fatalf("serve %s exited early:\n%s", stage, printed.String())
			}
			printed.WriteString(line + "\n")
			if strings.Contains(line, "Press Ctrl+C") {
				s.out = printed.String()
				return s
			}
		case <-timeout:
			t.Fatalf("serve %s printed no curl lines within 60s:\n%s", stage, printed.String())
		}
	}
}

// url returns the MCP endpoint serve printed.
func (s *serving) url(t *testing.T) string {
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/mcp`).FindString(s.out)
	if url == "" {
		t.Fatalf("serve printed no URL:\n%s", s.out)
	}
	return url
}

// stop sends Ctrl+C and demands a clean exit.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() {
		for range s.lines {
		}
		done <- s.cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after Ctrl+C: %v, want a clean exit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on Ctrl+C")
	}
}

// toolsList posts a tools/list with the given Authorization (none if "").
func toolsList(t *testing.T, url, auth string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServePrintsCurlLinesThatAnswer401_403_200(t *testing.T) {
	s := startServe(t, sharedLab(t), "basic-auth")
	url := s.url(t)
	secret := regexp.MustCompile(`AUTHLAB_SECRET=(\S+)`).FindStringSubmatch(s.out)
	if secret == nil || strings.Count(s.out, "curl -i ") != 3 {
		t.Fatalf("serve output lacks the secret or three curl lines:\n%s", s.out)
	}
	for _, tt := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer not-the-secret", 403}, {"Bearer " + secret[1], 200}} {
		if got := toolsList(t, url, tt.auth); got != tt.want {
			t.Errorf("Authorization %q: status %d, want %d", tt.auth, got, tt.want)
		}
	}
	s.stop(t)
}

func TestEveryStageServes(t *testing.T) {
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	labDir := sharedLab(t)
	for _, stage := range course.Stages {
		t.Run(stage.ID, func(t *testing.T) {
			s := startServe(t, labDir, stage.ID)
			if strings.Count(s.out, "curl ") < 3 {
				t.Errorf("serve %s printed fewer than three curl lines:\n%s", stage.ID, s.out)
			}
			if got := toolsList(t, s.url(t), ""); got != http.StatusUnauthorized {
				t.Errorf("tools/list with no credential: %d, want 401", got)
			}
			s.stop(t)
		})
	}
}

// TestVerify runs verify on stage 1 only: each stage's own tests prove its
// solution and starter in both tiers, and CI runs `authlab verify` on the
// whole course.
func TestVerify(t *testing.T) {
	labDir := ownLab(t)
	out, _, code := run(t, labDir, "verify", "basic-auth")
	if code != 0 || !strings.Contains(out, "verify: OK") || !strings.Contains(out, "deep checks") {
		t.Fatalf("verify basic-auth on a fresh copy: exit %d, want 0 and the deep checks counted\n%s", code, out)
	}

	// A starter that passes, and an exercise that is not its starter, must
	// both be reported; verifying that one stage is enough.
	solution, err := os.ReadFile(filepath.Join(labDir, "solutions", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, labDir, "lessons/starters/basicauth/auth.go", solution)
	editFile(t, labDir, "exercises/basicauth/auth.go", solution)
	out, _, code = run(t, labDir, "verify", "basic-auth")
	for _, want := range []string{"lessons/starters/basicauth passes every check; a starter must fail", "exercises/basicauth/auth.go differ from the starter", "verify: FAILED"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\njwt\n") {
		t.Errorf("verify basic-auth verified other stages too:\n%s", out)
	}
	if code != 1 {
		t.Errorf("verify with a passing starter: exit %d, want 1", code)
	}
}
