package probe

import "syscall"

// dup2 makes newfd a copy of oldfd. Linux on arm64 has no dup2 system call;
// dup3 with no flags does the same for two different descriptors, and
// golang.org/x/sys/unix, which would hide that, costs every check binary's
// link about 10% more.
func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }
