// Package watch tells when the Go files of one folder change, the way
// editors really save them: in place, or by writing a new file and renaming
// it over the old one. A burst of changes arrives as a single event.
package watch

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher reports changes to the .go files of one folder.
type Watcher struct {
	fs       *fsnotify.Watcher
	debounce time.Duration
	events   chan struct{}
	stop     chan struct{}
	stopped  chan struct{}
	once     sync.Once
}

// New watches the folder dir (not the files in it, so that saves that
// replace a file are seen). Changes are reported once no further change has
// happened for the debounce duration.
func New(dir string, debounce time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", dir, err)
	}
	if err := fw.Add(dir); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watching %s: %w", dir, err)
	}
	w := &Watcher{
		fs:       fw,
		debounce: debounce,
		events:   make(chan struct{}, 1),
		stop:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	go w.loop()
	return w, nil
}

// Events delivers one value per settled burst of changes. It is closed by
// Close.
func (w *Watcher) Events() <-chan struct{} { return w.events }

// Close stops watching and closes the Events channel. It is safe to call
// more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.stop)
		err = w.fs.Close()
		<-w.stopped
	})
	return err
}

func (w *Watcher) loop() {
	defer close(w.stopped)
	defer close(w.events)
	timer := time.NewTimer(w.debounce)
	timer.Stop()
	for {
		select {
		case <-w.stop:
			timer.Stop()
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if relevant(ev.Name) && ev.Op&^fsnotify.Chmod != 0 {
				timer.Reset(w.debounce)
			}
		case _, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			// An error usually means events were lost (a queue overflow):
			// report a change rather than miss one.
			timer.Reset(w.debounce)
		case <-timer.C:
			select {
			case w.events <- struct{}{}:
			default: // a change is already waiting to be read
			}
		}
	}
}

// relevant reports whether a change to the file at path matters: a Go source
// file, and not an editor's swap, backup, lock or probe file.
func relevant(path string) bool {
	name := filepath.Base(path)
	switch {
	case strings.HasPrefix(name, "."): // .auth.go.swp, emacs's .#auth.go
		return false
	case strings.HasPrefix(name, "#"): // emacs's #auth.go#
		return false
	case strings.HasSuffix(name, "~"): // backups
		return false
	}
	return strings.HasSuffix(name, ".go")
}
