//go:build unix

package grader

import (
	"os/exec"
	"syscall"
	"time"
)

// configure runs cmd in its own process group and, on cancellation, kills
// the whole group: the go command and the test binary it started. Where the
// kernel can, cmd also dies with authlab.
func configure(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd)
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
}
