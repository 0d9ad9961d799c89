//go:build !unix

package grader

import (
	"os/exec"
	"time"
)

// configure bounds how long Wait waits for output after cancellation.
func configure(cmd *exec.Cmd) {
	cmd.WaitDelay = 2 * time.Second
}
