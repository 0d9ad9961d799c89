package main

import (
	"bufio"
	"fmt"
	"io"
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
	cmd    *exec.Cmd
	stdout io.Closer   // the read end of its stdout
	out    string      // what it printed up to "Press Ctrl+C"
	lines  chan string // what it prints after
}

// startServe runs `authlab serve stage --solution` in labDir, with env added
// to its environment, and waits until it has printed its curl lines.
func startServe(t *testing.T, labDir, stage string, env ...string) *serving {
	t.Helper()
	cmd := exec.Command(binary, "serve", stage, "--solution")
	cmd.Dir = labDir
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	s := &serving{cmd: cmd, stdout: stdout, lines: make(chan string)}
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
	if err := s.wait(t); err != nil {
		t.Errorf("serve after Ctrl+C: %v, want a clean exit", err)
	}
}

// wait waits for serve to end, reading what it prints meanwhile.
func (s *serving) wait(t *testing.T) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		for range s.lines {
		}
		done <- s.cmd.Wait()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s")
		return nil
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

// TestEveryStageServes serves each stage's solution and pastes its printed
// examples twice, in one shell as a learner would: each must answer the
// status its title promises, and the same both times. A credential printed
// must be one an example uses.
func TestEveryStageServes(t *testing.T) {
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	labDir := sharedLab(t)
	for _, stage := range course.Stages {
		t.Run(stage.ID, func(t *testing.T) {
			s := startServe(t, labDir, stage.ID)
			if got := toolsList(t, s.url(t), ""); got != http.StatusUnauthorized {
				t.Errorf("tools/list with no credential: %d, want 401", got)
			}
			examples := printedExamples(s.out)
			if len(examples) < 3 {
				t.Fatalf("serve %s printed fewer than three examples:\n%s", stage.ID, s.out)
			}
			var commands strings.Builder
			for _, ex := range examples {
				commands.WriteString(ex.command + "\n")
			}
			for _, m := range regexp.MustCompile(`started with (\w+)=(\S+)`).FindAllStringSubmatch(s.out, -1) {
				if strings.Contains(m[1], "PASSWORD") && !strings.Contains(commands.String(), m[2]) {
					t.Errorf("serve %s prints %s, which no example uses:\n%s", stage.ID, m[1], s.out)
				}
			}
			answers := pasteTwice(t, examples)
			for i, ex := range examples {
				first, second := answers[i][0], answers[i][1]
				if first != second {
					t.Errorf("example %q answered differently when pasted again:\nfirst:\n%s\nsecond:\n%s", ex.title, first, second)
				}
				if want := regexp.MustCompile(`^\d{3}\b`).FindString(ex.title); want != "" && strings.Contains(first, "HTTP/") && !regexp.MustCompile(`HTTP/\S+ `+want+`\b`).MatchString(first) {
					t.Errorf("example %q did not answer %s:\n%s", ex.title, want, first)
				}
			}
			s.stop(t)
		})
	}
}

// example is one command serve printed, under its "# title" line.
type example struct{ title, command string }

func printedExamples(out string) []example {
	var examples []example
	lines := strings.Split(out, "\n")
	for i := 0; i+1 < len(lines); i++ {
		if title, ok := strings.CutPrefix(lines[i], "# "); ok {
			examples = append(examples, example{title, lines[i+1]})
		}
	}
	return examples
}

// pasteTwice runs the examples in order, twice over, in one shell, and
// returns each example's two answers, with what differs between any two
// good answers (the Date header, a freshly minted token) masked.
func pasteTwice(t *testing.T, examples []example) [][2]string {
	t.Helper()
	var script strings.Builder
	for pass := range 2 {
		for i, ex := range examples {
			fmt.Fprintf(&script, "echo '@@ %d %d'\n%s\necho\n", pass, i, ex.command)
		}
	}
	out, err := exec.Command("sh", "-c", script.String()).Output()
	if err != nil {
		t.Fatalf("pasting the examples: %v\n%s", err, out)
	}
	jwt := regexp.MustCompile(`eyJ[\w-]*\.[\w-]*\.[\w-]*`)
	answers := make([][2]string, len(examples))
	for _, part := range strings.Split(string(out), "@@ ")[1:] {
		var pass, i int
		head, body, _ := strings.Cut(part, "\n")
		fmt.Sscanf(head, "%d %d", &pass, &i)
		var kept []string
		for _, line := range strings.Split(strings.ReplaceAll(body, "\r", ""), "\n") {
			if !strings.HasPrefix(strings.ToLower(line), "date:") {
				kept = append(kept, jwt.ReplaceAllString(line, "<token>"))
			}
		}
		answers[i][pass] = strings.TrimSpace(strings.Join(kept, "\n"))
	}
	return answers
}

// TestVerify runs verify on stage 1 only: each stage's own tests prove its
// solution and starter in both tiers, and CI runs `authlab verify` on the
// whole course. verify is for authors: a learner's edited exercise is
// mentioned, never judged, and nothing suggests a reset that would lose it.
func TestVerify(t *testing.T) {
	labDir := ownLab(t)
	help, _, _ := run(t, labDir, "help")
	if !strings.Contains(help, "verify") || !strings.Contains(help, "for authors of the lab") {
		t.Errorf("help does not say verify is for authors of the lab:\n%s", help)
	}

	solution, err := os.ReadFile(filepath.Join(labDir, "solutions", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	editFile(t, labDir, "exercises/basicauth/auth.go", solution)
	out, _, code := run(t, labDir, "verify", "basic-auth")
	if code != 0 || !strings.Contains(out, "verify: OK") || !strings.Contains(out, "deep checks") {
		t.Fatalf("verify basic-auth with a solved exercise: exit %d, want 0 and the deep checks counted\n%s", code, out)
	}
	if !strings.Contains(out, "exercises/basicauth/auth.go differ from lessons/starters/basicauth") {
		t.Errorf("verify does not mention the edited exercise:\n%s", out)
	}

	// A starter that passes must be reported; verifying that one stage is
	// enough.
	editFile(t, labDir, "lessons/starters/basicauth/auth.go", solution)
	failed, _, code := run(t, labDir, "verify", "basic-auth")
	if !strings.Contains(failed, "lessons/starters/basicauth passes every check; a starter must fail") || !strings.Contains(failed, "verify: FAILED") {
		t.Errorf("verify with a passing starter does not report it:\n%s", failed)
	}
	if strings.Contains(failed, "\njwt\n") {
		t.Errorf("verify basic-auth verified other stages too:\n%s", failed)
	}
	if code != 1 {
		t.Errorf("verify with a passing starter: exit %d, want 1", code)
	}
	for _, printed := range []string{out, failed} {
		if strings.Contains(printed, "reset") {
			t.Errorf("verify suggests a reset, which would erase the learner's work:\n%s", printed)
		}
	}
}
