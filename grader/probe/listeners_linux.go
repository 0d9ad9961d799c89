package probe

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// PublicListeners returns the TCP addresses this process listens on that
// are not loopback addresses, such as ":8080" opened by code under test.
func PublicListeners() ([]string, error) {
	inodes, err := socketInodes()
	if err != nil {
		return nil, err
	}
	var found []string
	for _, table := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		addrs, err := listening(table, inodes)
		if err != nil {
			return nil, err
		}
		found = append(found, addrs...)
	}
	return found, nil
}

// socketInodes returns the inodes of the sockets this process has open.
func socketInodes() (map[string]bool, error) {
	fds, err := filepath.Glob("/proc/self/fd/*")
	if err != nil {
		return nil, err
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(fd)
		if err != nil {
			continue // closed meanwhile
		}
		if inode, ok := strings.CutPrefix(link, "socket:["); ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	return inodes, nil
}

// listening parses a /proc/net/tcp table for sockets in state LISTEN (0A)
// owned by this process and bound beyond loopback.
func listening(table string, inodes map[string]bool) ([]string, error) {
	f, err := os.Open(table)
	if os.IsNotExist(err) {
		return nil, nil // no IPv6 on this machine
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var found []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] {
			continue
		}
		ip, port, err := parseProcAddr(fields[1])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", table, err)
		}
		if !ip.IsLoopback() {
			found = append(found, net.JoinHostPort(ip.String(), strconv.Itoa(port)))
		}
	}
	return found, sc.Err()
}

// parseProcAddr decodes "0100007F:1F90": the address as 32-bit words in
// host (little-endian) order, then the port in hex.
func parseProcAddr(s string) (net.IP, int, error) {
	hexIP, hexPort, ok := strings.Cut(s, ":")
	if !ok {
		return nil, 0, fmt.Errorf("bad address %q", s)
	}
	raw, err := hex.DecodeString(hexIP)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return nil, 0, fmt.Errorf("bad address %q", s)
	}
	for i := 0; i < len(raw); i += 4 {
		raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	port, err := strconv.ParseInt(hexPort, 16, 32)
	if err != nil {
		return nil, 0, fmt.Errorf("bad port in %q", s)
	}
	return net.IP(raw), int(port), nil
}
