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

	"authlab/internal/labcopy"
)

func TestServePrintsCurlLinesThatAnswer401_403_200(t *testing.T) {
	labDir := labcopy.New(t)
	cmd := exec.Command(binary, "serve", "basic-auth", "--solution")
	cmd.Dir = labDir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	var printed strings.Builder
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(60 * time.Second)
wait:
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("serve exited early:\n%s", printed.String())
			}
			printed.WriteString(line + "\n")
			if strings.Contains(line, "Press Ctrl+C") {
				break wait
			}
		case <-timeout:
			t.Fatalf("serve printed no curl lines within 60s:\n%s", printed.String())
		}
	}
	out := printed.String()
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/mcp`).FindString(out)
	secret := regexp.MustCompile(`AUTHLAB_SECRET=(\S+)`).FindStringSubmatch(out)
	if url == "" || secret == nil || strings.Count(out, "curl -i ") != 3 {
		t.Fatalf("serve output lacks the URL, the secret or three curl lines:\n%s", out)
	}

	for _, tt := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer not-the-secret", 403}, {"Bearer " + secret[1], 200}} {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("Authorization %q: status %d, want %d", tt.auth, resp.StatusCode, tt.want)
		}
	}

	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() {
		for range lines {
		}
		done <- cmd.Wait()
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

func TestVerify(t *testing.T) {
	labDir := labcopy.New(t)
	out, _, code := run(t, labDir, "verify")
	if code != 0 || !strings.Contains(out, "verify: OK") {
		t.Fatalf("verify on a fresh copy: exit %d\n%s", code, out)
	}

	// A starter that passes, and an exercise that is not its starter, must
	// both be reported.
	solution, err := os.ReadFile(filepath.Join(labDir, "solutions", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"lessons/starters/basicauth", "exercises/basicauth"} {
		if err := os.WriteFile(filepath.Join(labDir, dir, "auth.go"), solution, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, _, code = run(t, labDir, "verify")
	for _, want := range []string{"lessons/starters/basicauth passes every check; a starter must fail", "exercises/basicauth/auth.go differ from the starter", "verify: FAILED"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("verify with a passing starter: exit %d, want 1", code)
	}
}
