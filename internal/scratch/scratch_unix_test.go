//go:build unix

package scratch

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenRefusesAFolderOthersMayWriteIn(t *testing.T) {
	temp := t.TempDir()
	base := filepath.Join(temp, fmt.Sprintf("authlab-%d", os.Getuid()))
	if err := os.Mkdir(base, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	if dir, err := Open(temp); err == nil {
		t.Fatalf("Open in a folder anyone may write in made %s, want an error", dir)
	}
}
