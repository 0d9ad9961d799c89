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

func TestParseProcAddr(t *testing.T) {
	tests := []struct{ in, ip string }{
		{"0100007F:1F90", "127.0.0.1"},
		{"00000000:0050", "0.0.0.0"},
		{"00000000000000000000000001000000:0050", "::1"},
		{"0000000000000000FFFF00000100007F:0050", "127.0.0.1"},
	}
	for _, tt := range tests {
		ip, _, err := parseProcAddr(tt.in)
		if err != nil || ip.String() != tt.ip {
			t.Errorf("parseProcAddr(%q) = %v, %v; want %s", tt.in, ip, err, tt.ip)
		}
	}
	if _, port, _ := parseProcAddr("0100007F:1F90"); port != 8080 {
		t.Errorf("port = %d, want 8080", port)
	}
}
