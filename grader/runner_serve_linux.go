package grader

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill cmd's process when the process that
// started it dies, even by SIGKILL, which no handler sees.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
