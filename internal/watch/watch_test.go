package watch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

const debounce = 100 * time.Millisecond

func newWatcher(t *testing.T) (*Watcher, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "auth.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := New(dir, debounce)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, dir
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// countEvents waits long enough for any debounced event to arrive and
// returns how many did.
func countEvents(w *Watcher, within time.Duration) int {
	n := 0
	deadline := time.After(within)
	for {
		select {
		case _, ok := <-w.Events():
			if !ok {
				return n
			}
			n++
		case <-deadline:
			return n
		}
	}
}

func TestChanges(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   int
	}{
		{"write in place", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "auth.go"), "package x // edited\n")
		}, 1},
		{"rename over (atomic save)", func(t *testing.T, dir string) {
			tmp := filepath.Join(dir, "auth.go.tmp1234")
			write(t, tmp, "package x // saved atomically\n")
			if err := os.Rename(tmp, filepath.Join(dir, "auth.go")); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"vim backup dance", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "4913"), "")
			os.Remove(filepath.Join(dir, "4913"))
			if err := os.Rename(filepath.Join(dir, "auth.go"), filepath.Join(dir, "auth.go~")); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "auth.go"), "package x // vim\n")
			os.Remove(filepath.Join(dir, "auth.go~"))
		}, 1},
		{"swap and backup files only", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, ".auth.go.swp"), "swap")
			write(t, filepath.Join(dir, "auth.go~"), "backup")
			write(t, filepath.Join(dir, ".#auth.go"), "lock")
			write(t, filepath.Join(dir, "4913"), "probe")
			write(t, filepath.Join(dir, "notes.txt"), "not go")
		}, 0},
		{"burst coalesced", func(t *testing.T, dir string) {
			for i := range 10 {
				write(t, filepath.Join(dir, "auth.go"), "package x // "+string(rune('a'+i))+"\n")
				time.Sleep(debounce / 20)
			}
		}, 1},
		{"chmod only", func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, "auth.go"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, dir := newWatcher(t)
			tt.change(t, dir)
			if got := countEvents(w, 4*debounce); got != tt.want {
				t.Errorf("got %d events, want %d", got, tt.want)
			}
		})
	}
}

func TestSeparateSavesAreSeparateEvents(t *testing.T) {
	w, dir := newWatcher(t)
	for range 2 {
		write(t, filepath.Join(dir, "auth.go"), "package x // again\n")
		if got := countEvents(w, 4*debounce); got != 1 {
			t.Fatalf("got %d events for one save, want 1", got)
		}
	}
}

func TestCloseClosesEvents(t *testing.T) {
	w, _ := newWatcher(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.Events(); ok {
		t.Fatal("Events delivered a value after Close")
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestMissingFolder(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "nope"), debounce); err == nil {
		t.Fatal("New on a missing folder succeeded")
	}
}

func TestRelevant(t *testing.T) {
	for name, want := range map[string]bool{
		"auth.go": true, "/x/y/auth_test.go": true,
		".auth.go.swp": false, "auth.go~": false, "4913": false, ".#auth.go": false,
		"#auth.go#": false, "auth.go.tmp": false, "README.md": false,
	} {
		if got := relevant(name); got != want {
			t.Errorf("relevant(%q) = %v, want %v", name, got, want)
		}
	}
}
