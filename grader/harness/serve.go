package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// ServeEnv, when set to an address such as 127.0.0.1:0, makes Serve listen
// there. The CLI's `authlab serve` sets it; a plain test run leaves it unset
// and Serve returns at once.
const ServeEnv = "AUTHLAB_SERVE_ADDR"

// ListeningPrefix starts the line Serve prints once it accepts connections,
// followed by the server's base URL.
const ListeningPrefix = "authlab: listening on "

// Serve builds the stage's server with newHandler and serves it until the
// process is interrupted. It only listens on a loopback address.
func Serve(t *testing.T, newHandler func() (http.Handler, error)) {
	addr := os.Getenv(ServeEnv)
	if addr == "" {
		return // not asked to serve
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Fatalf("authlab serve only listens on a loopback address such as 127.0.0.1:8080, not %q", addr)
	}
	h, err := newHandler()
	if err != nil {
		t.Fatalf("your server refused to start: %v", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("cannot listen on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	fmt.Printf("%shttp://%s\n", ListeningPrefix, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("serving: %v", err)
	}
}
