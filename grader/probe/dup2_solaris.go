package probe

import "golang.org/x/sys/unix"

// dup2 makes newfd a copy of oldfd. The syscall package of Solaris and
// illumos has no Dup2.
func dup2(oldfd, newfd int) error { return unix.Dup2(oldfd, newfd) }
