package probe

import (
	"net"
	"slices"
	"strings"
	"testing"
)

func TestPublicListeners(t *testing.T) {
	local, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	found, err := PublicListeners()
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Fatalf("a loopback listener was reported as public: %v", found)
	}

	public, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer public.Close()
	_, port, _ := net.SplitHostPort(public.Addr().String())
	found, err = PublicListeners()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(found, func(a string) bool { return strings.HasSuffix(a, ":"+port) }) {
		t.Fatalf("PublicListeners() = %v, want the listener on :%s", found, port)
	}
}

// TestOnlyListeningSocketsCount checks that a public socket that does not
// listen (a connected client, a UDP socket) is not reported, nor a Unix
// socket.
func TestOnlyListeningSocketsCount(t *testing.T) {
	udp, err := net.ListenPacket("udp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer udp.Close()
	unix, err := net.Listen("unix", t.TempDir()+"/s")
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close()
	server, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	client, err := net.Dial("tcp", server.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	found, err := PublicListeners()
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Fatalf("PublicListeners() = %v, want none: no TCP socket listens beyond loopback", found)
	}
}
