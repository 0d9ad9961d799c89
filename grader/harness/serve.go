package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"authlab/grader"
)

// serve builds the stage's demo server and serves it on the loopback
// address in grader.ServeAddrEnv until the process is interrupted or its
// stdin ends: authlab holds it open while it runs, so the server stops when
// authlab ends, however it ends.
func serve(t *testing.T, demo grader.Demo) {
	addr := os.Getenv(grader.ServeAddrEnv)
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Fatalf("authlab serve only listens on a loopback address such as 127.0.0.1:8080, not %q", addr)
	}
	if demo.Handler == nil {
		t.Fatal("this stage has no demo server")
	}
	h, err := demo.Handler()
	if err != nil {
		t.Fatalf("your server refused to start: %v", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("cannot listen on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	fmt.Printf("%shttp://%s\n", grader.ListeningPrefix, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("serving: %v", err)
	}
}
