package probe

import (
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// PublicListeners returns the TCP addresses this process listens on that
// are not loopback addresses, such as ":8080" opened by code under test.
// It asks each of the process's own sockets for its state and address:
// the machine-wide table in /proc/net/tcp grows with every connection in
// TIME_WAIT and took tens of milliseconds to read after a busy check.
func PublicListeners() ([]string, error) {
	fds, err := socketFDs()
	if err != nil {
		return nil, err
	}
	var found []string
	for _, fd := range fds {
		// The descriptor may have been closed, or even reused, since it
		// was listed: a socket that went away is not listening, and one
		// opened in its place is judged as it is now.
		if typ, err := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_TYPE); err != nil || typ != syscall.SOCK_STREAM {
			continue
		}
		if on, err := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_ACCEPTCONN); err != nil || on == 0 {
			continue
		}
		sa, err := syscall.Getsockname(fd)
		if err != nil {
			continue
		}
		if addr, ok := tcpAddr(sa); ok && !addr.IP.IsLoopback() {
			found = append(found, addr.String())
		}
	}
	return found, nil
}

// socketFDs returns the descriptors of the sockets this process has open.
func socketFDs() ([]int, error) {
	dir, err := os.Open("/proc/self/fd")
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	var fds []int
	for _, name := range names {
		link, err := os.Readlink("/proc/self/fd/" + name)
		if err != nil || !strings.HasPrefix(link, "socket:[") {
			continue // closed meanwhile, or not a socket
		}
		if fd, err := strconv.Atoi(name); err == nil {
			fds = append(fds, fd)
		}
	}
	return fds, nil
}

// tcpAddr is an IPv4 or IPv6 socket address as a TCP address; other
// families (Unix sockets) are not.
func tcpAddr(sa syscall.Sockaddr) (*net.TCPAddr, bool) {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return &net.TCPAddr{IP: net.IP(a.Addr[:]), Port: a.Port}, true
	case *syscall.SockaddrInet6:
		return &net.TCPAddr{IP: net.IP(a.Addr[:]), Port: a.Port}, true
	}
	return nil, false
}
