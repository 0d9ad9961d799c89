// Package scratch gives each authlab process a temporary folder of its own,
// <temp>/authlab-<uid>/<pid>-<random>, and removes those left behind by an
// authlab that was killed before it could remove its own.
package scratch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// tempVars are the variables os.TempDir reads, on unix and on Windows.
var tempVars = []string{"TMPDIR", "TMP", "TEMP"}

// userTemp is what tempVars held before Use ("NAME=value" for each one
// set); used says Use was called.
var (
	userTemp []string
	used     bool
)

// Use points TMPDIR, TMP and TEMP at dir for this process and every
// process it starts (the go command, test binaries), remembering the
// user's values for UserEnv.
func Use(dir string) {
	if !used {
		for _, name := range tempVars {
			if v, ok := os.LookupEnv(name); ok {
				userTemp = append(userTemp, name+"="+v)
			}
		}
		used = true
	}
	for _, name := range tempVars {
		os.Setenv(name, dir)
	}
}

// UserEnv returns env (such as os.Environ()) with TMPDIR, TMP and TEMP as
// the user had them before Use, unset where they were unset: for the
// processes that must outlive authlab's folder, such as the learner's
// editor and the language server it starts.
func UserEnv(env []string) []string {
	if !used {
		return env
	}
	kept := make([]string, 0, len(env)+len(userTemp))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.ContainsFunc(tempVars, func(v string) bool { return strings.EqualFold(v, name) }) {
			kept = append(kept, kv)
		}
	}
	return append(kept, userTemp...)
}
