package cli

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"syscall"

	"authlab/grader"
	"authlab/grader/stages"
	"authlab/internal/i18n"
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
		return c.fail(ExitUsage, "%s", i18n.T(i18n.CLIServeAddr, i18n.Args{"Addr": strconv.Quote(*addr)}))
	}
	gs, ok := stages.Lookup(s.ID)
	if !ok || gs.Demo.Env == nil {
		return c.fail(ExitBroken, "%s", i18n.T(i18n.CLIServeNoServer, i18n.Args{"Stage": s.ID}))
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

	c.printf("%s\n", i18n.T(i18n.CLIServeCompiling, i18n.Args{"Dir": dir}))
	err := c.lab.Runner.Serve(ctx, dir, *addr, env, c.Stdout, func(base string) {
		c.printf("\n%s\n", i18n.T(i18n.CLIServeServing, i18n.Args{"Dir": dir, "Stage": s.ID, "URL": base + "/mcp"}))
		for _, k := range names {
			c.printf("%s\n", i18n.T(i18n.CLIServeEnv, i18n.Args{"Name": k, "Value": env[k]}))
		}
		for _, ex := range gs.Demo.Examples(base, env) {
			c.printf("\n# %s\n%s\n", ex.Title, ex.Command)
		}
		c.printf("\n%s\n", i18n.T(i18n.CLIServeStop))
	})
	var bf *grader.BuildFailure
	switch {
	case ctx.Err() != nil:
		return ExitOK
	case errors.As(err, &bf):
		return c.fail(ExitFailed, "%s\n%s", i18n.T(i18n.CLIServeNoCompile, i18n.Args{"Dir": dir}), bf.Output)
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
