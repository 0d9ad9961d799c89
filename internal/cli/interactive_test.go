package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInteractiveNeedsATerminal holds the TUI to a real terminal on stdin
// and stdout: `authlab > /dev/null`, a pipe or a file get the plain output
// even with TERM set, since /dev/null is a character device but no
// terminal.
func TestInteractiveNeedsATerminal(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	tests := []struct {
		name   string
		stdin  io.Reader
		stdout io.Writer
	}{
		{"stdout is /dev/null", devNull, devNull},
		{"stdout is a pipe", devNull, w},
		{"stdout is a file", devNull, file},
		{"stdout is no file", devNull, &bytes.Buffer{}},
		{"stdin is a pipe", r, devNull},
		{"stdin is no file", strings.NewReader(""), devNull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Env{Stdin: tt.stdin, Stdout: tt.stdout, Getenv: func(string) string { return "xterm-256color" }}
			if interactive(env) {
				t.Errorf("interactive = true, want false: no terminal to show the TUI on")
			}
		})
	}
}
