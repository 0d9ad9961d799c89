package labcopy

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// keptBin is what a kept copy keeps from one run of the tests to the next:
// the test binaries the grader's runner built in it (grader.BinDir).
const keptBin = ".authlab/bin"

// errLocked means another process is using a kept copy.
var errLocked = errors.New("labcopy: the kept copy is in use by another process")

// errNoLocks means this system has no flock, so no copy can be kept.
var errNoLocks = errors.New("labcopy: no file locks here to keep a copy with")

// Kept returns a copy of the lab, as New does, in a folder that stays the
// same from one run of the tests to the next: the go command's build cache
// keys compiled packages by their folder, so a copy at a new path compiles
// all of authlab anew (seconds per stage, twice with the race detector),
// while a kept one, with the test binaries the runner left in it, only
// rebuilds what changed. The copy is the test's alone until it ends; when
// another process holds it, the test gets a fresh copy from New instead.
func Kept(t TB, name string) string {
	t.Helper()
	dir, release, err := Keep(name)
	if err != nil {
		return New(t)
	}
	t.Cleanup(release)
	return dir
}

// Keep is Kept for a copy that outlives one test (one a TestMain shares):
// release unlocks it. It fails when another process holds the copy.
func Keep(name string) (dir string, release func(), err error) {
	root, err := sourceRoot()
	if err != nil {
		return "", nil, err
	}
	dir = keptDir(root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, err
	}
	release, err = lock(dir + ".lock")
	if err != nil {
		return "", nil, err
	}
	if err := wipe(dir); err != nil {
		release()
		return "", nil, err
	}
	if err := copyInto(root, dir); err != nil {
		release()
		return "", nil, err
	}
	return dir, release, nil
}

// keptDir is where the copy called name of the checkout at root is kept:
// one folder per checkout, so that two checkouts never share a copy.
func keptDir(root, name string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	sum := sha256.Sum256([]byte(abs))
	safe := strings.NewReplacer("/", "_", `\`, "_", " ", "_").Replace(name)
	return filepath.Join(os.TempDir(), "authlab-kept-labs", hex.EncodeToString(sum[:6]), safe)
}

// wipe removes everything in dir but the kept test binaries, so that what
// a test of an earlier run left (progress, edits, extra files) is gone.
func wipe(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == ".authlab" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	state, err := os.ReadDir(filepath.Join(dir, ".authlab"))
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	for _, e := range state {
		if filepath.ToSlash(filepath.Join(".authlab", e.Name())) == keptBin {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, ".authlab", e.Name())); err != nil {
			return err
		}
	}
	return nil
}
