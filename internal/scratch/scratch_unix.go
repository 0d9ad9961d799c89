//go:build unix

package scratch

import (
	"errors"
	"os"
	"syscall"
)

// running reports whether a process with id pid exists.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ownedByUs reports whether fi belongs to this process's user and no one
// else may write in it: a folder someone else made could be swept from
// under us, or read.
func ownedByUs(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid() && fi.Mode().Perm()&0o077 == 0
}
