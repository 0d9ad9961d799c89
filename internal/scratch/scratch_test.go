package scratch

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// deadPID returns the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestOpenSweepsTheFoldersOfEndedProcesses(t *testing.T) {
	temp := t.TempDir()
	base := filepath.Join(temp, fmt.Sprintf("authlab-%d", os.Getuid()))
	folders := map[string]bool{ // name: kept by Open
		fmt.Sprintf("%d-abc", deadPID(t)):   false,
		fmt.Sprintf("%d-def", os.Getppid()): true,
		"notes":                             true,
	}
	for name := range folders {
		if err := os.MkdirAll(filepath.Join(base, name, "inside"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(base, 0o700); err != nil {
		t.Fatal(err)
	}

	dir, err := Open(temp)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != base || !strings.HasPrefix(filepath.Base(dir), strconv.Itoa(os.Getpid())+"-") {
		t.Errorf("Open made %s, want %s/%d-…", dir, base, os.Getpid())
	}
	for name, kept := range folders {
		_, err := os.Stat(filepath.Join(base, name))
		if exists := err == nil; exists != kept {
			t.Errorf("%s exists after Open: %v, want %v", name, exists, kept)
		}
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("the process's own folder: %v", err)
	}
}
