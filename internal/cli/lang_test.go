package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"authlab/internal/i18n"
	"authlab/internal/labcopy"
)

// TestLanguageOfTheCommandLine runs commands in the language chosen by
// --lang (before or after the command), AUTHLAB_LANG or the locale, and
// checks what a learner reads, on stdout and stderr.
func TestLanguageOfTheCommandLine(t *testing.T) {
	t.Cleanup(func() { i18n.Use(i18n.English) })
	dir := labcopy.New(t)
	tests := []struct {
		name        string
		args        []string
		env         map[string]string
		code        int
		stdout      string
		stderr      string
		notInOutput string
	}{
		{name: "English by default", args: []string{"list"}, stdout: "stages passed", notInOutput: "단계"},
		{name: "--lang ko before the command", args: []string{"--lang", "ko", "list"}, stdout: "단계 중 0단계 통과"},
		{name: "--lang=ko after the command", args: []string{"list", "--lang=ko"}, stdout: "기본 인증: 공유 비밀"},
		{name: "AUTHLAB_LANG", args: []string{"hint", "basic-auth", "1"}, env: map[string]string{"AUTHLAB_LANG": "ko"}, stdout: "1/7  할 일은 두 가지"},
		{name: "LANG ko_KR.UTF-8", args: []string{"help"}, env: map[string]string{"LANG": "ko_KR.UTF-8"}, stdout: "사용법:"},
		{name: "flag beats the locale", args: []string{"--lang", "en", "help"}, env: map[string]string{"LANG": "ko_KR.UTF-8"}, stdout: "Usage:", notInOutput: "사용법"},
		{name: "Korean error", args: []string{"--lang", "ko", "hint", "basic-auth", "99"}, code: ExitUsage, stderr: "authlab: basic-auth 단계의 힌트는 1번부터 7번까지입니다"},
		{name: "unknown language", args: []string{"--lang", "fr", "list"}, stdout: "stages passed", stderr: `authlab: no "fr" translation (from --lang); using English`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(context.Background(), Env{
				Args:   append([]string{"--lab", dir}, tt.args...),
				Stdin:  strings.NewReader(""),
				Stdout: &stdout, Stderr: &stderr,
				Getenv: func(k string) string { return tt.env[k] },
			})
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q, want it to contain %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			if tt.notInOutput != "" && strings.Contains(stdout.String()+stderr.String(), tt.notInOutput) {
				t.Errorf("output holds %q:\n%s%s", tt.notInOutput, stdout.String(), stderr.String())
			}
		})
	}
}

// TestKoreanListAligns pads the stage list by display width: Korean titles
// take two cells a letter, so every exercise path starts in one column.
func TestKoreanListAligns(t *testing.T) {
	t.Cleanup(func() { i18n.Use(i18n.English) })
	var stdout bytes.Buffer
	Run(context.Background(), Env{
		Args:  []string{"--lab", labcopy.New(t), "--lang", "ko", "list"},
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" },
	})
	column := -1
	for _, line := range strings.Split(stdout.String(), "\n") {
		i := strings.Index(line, "exercises/")
		if i < 0 {
			continue
		}
		if c := ansi.StringWidth(line[:i]); column < 0 {
			column = c
		} else if c != column {
			t.Errorf("exercise path at cell %d, want %d:\n%s", c, column, stdout.String())
		}
	}
	if column < 0 {
		t.Fatalf("no stage listed:\n%s", stdout.String())
	}
}
