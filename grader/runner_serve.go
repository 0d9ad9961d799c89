package grader

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Serve compiles the package in dir (relative to Root) and runs its stage's
// demo server on the loopback address addr, with env added to its
// environment, until ctx ends. ready is called with the server's base URL
// once it listens; everything else the server prints goes to out. A compile
// error is returned as a *BuildFailure. The server never outlives the
// caller: it stops when ctx ends, when its stdin (held open by the caller)
// closes, and on Linux the kernel kills it when the caller dies.
func (r *Runner) Serve(ctx context.Context, dir, addr string, env map[string]string, out io.Writer, ready func(baseURL string)) error {
	bin, err := r.binaryPath(dir, false)
	if err != nil {
		return err
	}
	if err := r.Compile(ctx, dir, bin); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, testArgs(0)...)
	cmd.Dir = filepath.Join(r.Root, filepath.FromSlash(dir))
	cmd.Env = append(os.Environ(), ModeEnv+"="+ModeServe, ServeAddrEnv+"="+addr)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	// The server reads its stdin to the end: however this process ends, the
	// kernel closes the pipe's other end and the server stops.
	stdin, held, err := os.Pipe()
	if err != nil {
		return err
	}
	defer held.Close()
	cmd.Stdin = stdin
	dieWithParent(cmd)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 3 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		stdin.Close()
		return err
	}
	cmd.Stderr = cmd.Stdout
	err = cmd.Start()
	stdin.Close()
	if err != nil {
		return fmt.Errorf("starting the server: %w", err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line, _ := strings.CutPrefix(sc.Text(), frame)
		if base, ok := strings.CutPrefix(line, ListeningPrefix); ok {
			ready(base)
			continue
		}
		if isFraming(line) {
			continue
		}
		fmt.Fprintln(out, line)
	}
	if err := cmd.Wait(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("the server stopped: %w", err)
	}
	return nil
}

// isFraming reports whether line is the testing package's own bookkeeping.
func isFraming(line string) bool {
	for _, p := range []string{"=== RUN", "--- PASS", "--- FAIL", "PASS", "FAIL", "ok "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}
