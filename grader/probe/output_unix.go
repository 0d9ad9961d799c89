//go:build unix

package probe

import (
	"os"

	"golang.org/x/sys/unix"
)

// redirect points file descriptors 1 and 2 at f and returns the function
// that points them back.
func redirect(f *os.File) (restore func(), err error) {
	saved := [2]int{-1, -1}
	for i, fd := range []int{1, 2} {
		if saved[i], err = unix.Dup(fd); err != nil {
			return nil, err
		}
	}
	for _, fd := range []int{1, 2} {
		if err := unix.Dup2(int(f.Fd()), fd); err != nil {
			return nil, err
		}
	}
	return func() {
		for i, fd := range []int{1, 2} {
			_ = unix.Dup2(saved[i], fd)
			_ = unix.Close(saved[i])
		}
	}, nil
}
