//go:build unix

package labcopy

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on the file at path, creating it, without
// waiting; the system drops it when the process ends, however it ends.
func lock(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, errLocked
	}
	return func() { f.Close() }, nil
}
