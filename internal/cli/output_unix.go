//go:build unix

package cli

import (
	"context"
	"os"

	"golang.org/x/sys/unix"
)

// watchOutput calls stop once nobody reads f any more: the reader of a
// pipe has gone (`authlab serve | head` after head printed its lines), or a
// terminal hung up. It watches until ctx ends.
func watchOutput(ctx context.Context, f *os.File, stop func()) {
	raw, err := f.SyscallConn()
	if err != nil {
		return
	}
	fd := -1
	raw.Control(func(u uintptr) { fd = int(u) })
	go func() {
		// Asking for no event, poll reports only an error or a hang-up.
		fds := []unix.PollFd{{Fd: int32(fd)}}
		for ctx.Err() == nil {
			n, err := unix.Poll(fds, 500)
			if err == nil && n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
				stop()
				return
			}
		}
	}()
}
