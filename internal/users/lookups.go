package users

import (
	"slices"
	"sync"
	"time"
)

// LookupWatch records the names a Store is asked to look up, from
// WatchLookups until Stop, so that a grader can tell whose account a
// server looked for. It is safe for concurrent use.
type LookupWatch struct {
	store *Store
	mu    sync.Mutex
	names []string
}

// WatchLookups starts recording the names Lookup is asked for. Stop the
// watch when done with it: a store keeps every running watch.
func (s *Store) WatchLookups() *LookupWatch {
	w := &LookupWatch{store: s}
	s.watches.mu.Lock()
	defer s.watches.mu.Unlock()
	if s.watches.running == nil {
		s.watches.running = map[*LookupWatch]struct{}{}
	}
	s.watches.running[w] = struct{}{}
	return w
}

// Names returns the names looked up since the watch started, oldest first,
// one entry per call to Lookup.
func (w *LookupWatch) Names() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.names)
}

// Stop ends the watch; Names keeps what it recorded.
func (w *LookupWatch) Stop() {
	w.store.watches.mu.Lock()
	defer w.store.watches.mu.Unlock()
	delete(w.store.watches.running, w)
}

// lookupWatches are the running watches of a store.
type lookupWatches struct {
	mu      sync.Mutex
	running map[*LookupWatch]struct{}
}

// note records name in every running watch.
func (ws *lookupWatches) note(name string) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for w := range ws.running {
		w.mu.Lock()
		w.names = append(w.names, name)
		w.mu.Unlock()
	}
}

// SlowLookups makes every later Lookup wait d before it answers, as a
// store behind a network does. A grader uses it to make concurrent
// requests overlap while they look their users up. Zero, the default,
// answers at once.
func (s *Store) SlowLookups(d time.Duration) { s.lookupDelay.Store(int64(d)) }

// waitLookup waits the delay SlowLookups set.
func (s *Store) waitLookup() {
	if d := time.Duration(s.lookupDelay.Load()); d > 0 {
		time.Sleep(d)
	}
}
