// Package scratch gives each authlab process a temporary folder of its own,
// <temp>/authlab-<uid>/<pid>-<random>, and removes those left behind by an
// authlab that was killed before it could remove its own.
package scratch

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Open makes a folder for this process under temp (usually os.TempDir()),
// after removing the folders there whose authlab is no longer running. The
// caller removes the folder it gets when it ends.
func Open(temp string) (string, error) {
	base := filepath.Join(temp, fmt.Sprintf("authlab-%d", os.Getuid()))
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", err
	}
	fi, err := os.Lstat(base)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() || !ownedByUs(fi) {
		return "", fmt.Errorf("%s is not a folder of this user's: remove it", base)
	}
	sweep(base)
	return os.MkdirTemp(base, strconv.Itoa(os.Getpid())+"-")
}

// sweep removes the folders in base whose name starts with the id of a
// process that is no longer running.
func sweep(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "-")
		pid, err := strconv.Atoi(prefix)
		if !ok || err != nil || pid == os.Getpid() || running(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(base, e.Name()))
	}
}
