//go:build unix

package probe

import (
	"os"
	"syscall"
)

// redirect points file descriptors 1 and 2 at f and returns the function
// that points them back.
func redirect(f *os.File) (restore func(), err error) {
	saved := [2]int{-1, -1}
	for i, fd := range []int{1, 2} {
		if saved[i], err = syscall.Dup(fd); err != nil {
			return nil, err
		}
	}
	for _, fd := range []int{1, 2} {
		if err := dup2(int(f.Fd()), fd); err != nil {
			return nil, err
		}
	}
	return func() {
		for i, fd := range []int{1, 2} {
			_ = dup2(saved[i], fd)
			_ = syscall.Close(saved[i])
		}
	}, nil
}
