package gradertest

import (
	"net/http"
	"testing"

	"authlab/grader/probe"
)

// TestStrayListenersListenBeyondLoopbackUntilClosed serves through
// StrayListeners and demands a listener the loopback check sees, and none
// once closed, so a mutant built on it is caught and leaves nothing behind.
func TestStrayListenersListenBeyondLoopbackUntilClosed(t *testing.T) {
	if !SocketsVisible {
		t.Skip("probe.PublicListeners sees sockets only on Linux")
	}
	var s StrayListeners
	for range 2 {
		if err := s.Serve(http.NotFoundHandler()); err != nil {
			t.Fatal(err)
		}
	}
	open, err := probe.PublicListeners()
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 2 {
		t.Errorf("after two Serve calls the process listens beyond loopback on %v, want two addresses", open)
	}
	s.Close()
	if open, err = probe.PublicListeners(); err != nil || len(open) != 0 {
		t.Errorf("after Close the process still listens beyond loopback on %v (%v)", open, err)
	}
}
