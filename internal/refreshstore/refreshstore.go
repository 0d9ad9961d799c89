// Package refreshstore is the server-side store of stage 5's refresh
// tokens: one record per token, under a key the server chooses (a hash of
// the token, never the token itself), safe for concurrent use. It stands
// for the database a real server would keep them in.
package refreshstore

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Record is what a server keeps of one refresh token it issued.
type Record struct {
	Family  string    // the login the token descends from: every rotation keeps it
	Subject string    // the user the token was issued to
	Expires time.Time // the end of the family's life, set at login and never extended
	Used    bool      // the token was rotated: presenting it again is reuse
}

// Errors of Add and Update.
var (
	ErrExists   = errors.New("refreshstore: a record already has this key")
	ErrNotFound = errors.New("refreshstore: no record has this key")
)

// Store holds records by key. The zero value is not ready: use New.
type Store struct {
	mu        sync.Mutex
	records   map[string]Record
	readDelay atomic.Int64 // nanoseconds Get waits after reading: see SlowReads
}

// New returns an empty store.
func New() *Store { return &Store{records: map[string]Record{}} }

// Add stores r under key, or returns ErrExists when the key is taken.
func (s *Store) Add(key string, r Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, taken := s.records[key]; taken {
		return ErrExists
	}
	s.records[key] = r
	return nil
}

// Get returns a copy of the record under key. What it returns may be stale
// by the time the caller acts on it: to decide and change a record in one
// step, use Update.
func (s *Store) Get(key string) (Record, bool) {
	s.mu.Lock()
	r, ok := s.records[key]
	s.mu.Unlock()
	time.Sleep(time.Duration(s.readDelay.Load()))
	return r, ok
}

// Update calls change on the record under key while holding the store's
// lock, so that no other call sees or changes the record in between, and
// keeps the change unless change returns an error, which Update returns.
// It returns the record as change left it, or ErrNotFound.
func (s *Store) Update(key string, change func(r *Record) error) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[key]
	if !ok {
		return Record{}, ErrNotFound
	}
	if err := change(&r); err != nil {
		return r, err
	}
	s.records[key] = r
	return r, nil
}

// Delete removes the record under key, if any.
func (s *Store) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.records, key)
}

// DeleteFamily removes every record of family and returns how many there
// were.
func (s *Store) DeleteFamily(family string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for key, r := range s.records {
		if r.Family == family {
			delete(s.records, key)
			n++
		}
	}
	return n
}

// Keys returns every key in the store, sorted: what an attacker who reads
// the database sees.
func (s *Store) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.records))
	for k := range s.records {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Records returns a copy of every record, in no particular order.
func (s *Store) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, 0, len(s.records))
	for _, r := range s.records {
		out = append(out, r)
	}
	return out
}

// SlowReads makes Get wait d after reading, as a busy database would:
// code that decides on a Get and writes later then loses races it would
// lose in production only now and then. The grader uses it.
func (s *Store) SlowReads(d time.Duration) { s.readDelay.Store(int64(d)) }
