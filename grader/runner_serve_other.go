//go:build !linux

package grader

import "os/exec"

// dieWithParent does nothing where the kernel cannot signal a child when
// its parent dies: a served stage still stops when its stdin closes.
func dieWithParent(*exec.Cmd) {}
