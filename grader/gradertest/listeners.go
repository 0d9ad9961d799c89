package gradertest

import (
	"fmt"
	"net"
	"net/http"
	"sync"
)

// StrayListeners models a server left in code to try it by hand, such as
// `go http.ListenAndServe(":8080", h)` inside a learner's middleware: the
// loopback check must catch it. Each Serve listens on ":0" (every
// interface, any free port, so it never collides with a real server), and
// Close closes every listener opened, for a mutant's Cleanup.
type StrayListeners struct {
	mu sync.Mutex
	ls []net.Listener
}

// Serve serves h on a new listener on every network interface.
func (s *StrayListeners) Serve(h http.Handler) error {
	ln, err := net.Listen("tcp", ":0") // BUG: every network interface
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	s.mu.Lock()
	s.ls = append(s.ls, ln)
	s.mu.Unlock()
	go http.Serve(ln, h)
	return nil
}

// Close closes every listener Serve opened.
func (s *StrayListeners) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ln := range s.ls {
		ln.Close()
	}
	s.ls = nil
}
