package cli

import (
	"bytes"
	"context"
	"strings"
	"syscall"
	"testing"

	"authlab/internal/labcopy"
)

// TestCheckStoppedBySignal cancels check's context as a signal does: the
// run must say authlab was interrupted, not "context canceled", and exit
// 128 + the signal's number.
func TestCheckStoppedBySignal(t *testing.T) {
	dir := labcopy.New(t)
	tests := []struct {
		sig  syscall.Signal
		code int
		says string
	}{
		{syscall.SIGINT, 130, "authlab: stopped: authlab was interrupted (SIGINT, Ctrl+C) before the checks finished\n"},
		{syscall.SIGTERM, 143, "authlab: stopped: authlab was interrupted (SIGTERM) before the checks finished\n"},
		{syscall.SIGHUP, 129, "authlab: stopped: authlab was interrupted (SIGHUP, the terminal closed) before the checks finished\n"},
	}
	for _, tt := range tests {
		t.Run(tt.sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(&Interrupted{Signal: tt.sig})
			var stdout, stderr bytes.Buffer
			code := Run(ctx, Env{
				Args:  []string{"--lab", dir, "check", "basic-auth", "--solution"},
				Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" },
			})
			if code != tt.code || stderr.String() != tt.says {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), tt.code, tt.says)
			}
		})
	}
}
