package cli

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"authlab/grader"
	"authlab/grader/stages"
)

// runServe runs a stage's server until authlab is asked to stop or nobody
// reads its output any more.
func runServe(ctx context.Context, c *call) int {
	solution := c.flags.Bool("solution", false, "serve the reference solution instead of your exercise")
	addr := c.flags.String("addr", "127.0.0.1:0", "loopback address to listen on")
	s, code := c.parseStage()
	if code != ExitOK {
		return code
	}
	if host, _, err := net.SplitHostPort(*addr); err != nil || !isLoopback(host) {
		return c.fail(ExitUsage, "--addr %q: the lab's servers listen on loopback only, such as 127.0.0.1:8080 or [::1]:8080", *addr)
	}
	gs, ok := stages.Lookup(s.ID)
	if !ok || gs.Demo.Env == nil {
		return c.fail(ExitBroken, "stage %s has no server to run", s.ID)
	}
	dir := s.ExerciseDir()
	if *solution {
		dir = s.SolutionDir()
	}
	env := gs.Demo.Env()
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)

	// A write to a closed stdout (`authlab serve | head`) must fail and stop
	// the server, not kill authlab on the spot.
	pipe := make(chan os.Signal, 1)
	signal.Notify(pipe, syscall.SIGPIPE)
	defer signal.Stop(pipe)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if f, ok := c.Stdout.(*os.File); ok {
		watchOutput(ctx, f, stop)
	}
	c.Stdout = stopOnError{w: c.Stdout, stop: stop}

	c.printf("Compiling %s…\n", dir)
	err := c.lab.Runner.Serve(ctx, dir, *addr, env, c.Stdout, func(base string) {
		c.printf("\n%s is serving the %s stage at %s/mcp\n", dir, s.ID, base)
		for _, k := range names {
			c.printf("It was started with %s=%s (fresh for this run).\n", k, env[k])
		}
		for _, ex := range gs.Demo.Examples(base, env) {
			c.printf("\n# %s\n%s\n", ex.Title, ex.Command)
		}
		c.printf("\nPress Ctrl+C to stop.\n")
	})
	var bf *grader.BuildFailure
	switch {
	case ctx.Err() != nil:
		return ExitOK
	case errors.As(err, &bf):
		return c.fail(ExitFailed, "%s does not compile:\n%s", dir, bf.Output)
	case errors.Is(err, grader.ErrNoGoTool):
		return c.brokenRun(ctx, err)
	case err != nil:
		return c.fail(ExitFailed, "%v", err)
	}
	return ExitOK
}

// stopOnError is a writer that calls stop when a write fails: nobody reads
// authlab's output any more.
type stopOnError struct {
	w    io.Writer
	stop func()
}

func (s stopOnError) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		s.stop()
	}
	return n, err
}

// isLoopback reports whether host is a loopback IP address.
func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
