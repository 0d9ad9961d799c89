package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/harness"
	"authlab/grader/stages"
)

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
	if !ok {
		return c.fail(ExitBroken, "stage %s has no server to run", s.ID)
	}
	dir := s.ExerciseDir()
	if *solution {
		dir = s.SolutionDir()
	}

	tmp, err := os.MkdirTemp("", "authlab-serve-")
	if err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "serve.test")
	c.printf("Compiling %s…\n", dir)
	if err := c.lab.Runner.Compile(ctx, dir, bin); err != nil {
		var bf *grader.BuildFailure
		if errors.As(err, &bf) {
			return c.fail(ExitFailed, "%s does not compile:\n%s", dir, bf.Output)
		}
		return c.brokenRun(err)
	}

	env := gs.ServeEnv()
	cmd := exec.CommandContext(ctx, bin, "-test.run=^TestAuthlabServe$", "-test.timeout=0")
	cmd.Dir = c.lab.Path(dir)
	cmd.Env = append(os.Environ(), harness.ServeEnv+"="+*addr)
	names := make([]string, 0, len(env))
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
		names = append(names, k)
	}
	sort.Strings(names)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 3 * time.Second
	cmd.Stderr = c.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	if err := cmd.Start(); err != nil {
		return c.fail(ExitBroken, "starting the server: %v", err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		base, ok := strings.CutPrefix(line, harness.ListeningPrefix)
		if !ok {
			if line != "PASS" && !strings.HasPrefix(line, "ok ") {
				fmt.Fprintln(c.Stdout, line)
			}
			continue
		}
		c.printf("\n%s is serving the %s stage at %s/mcp\n", dir, s.ID, base)
		for _, k := range names {
			c.printf("It was started with %s=%s (fresh for this run).\n", k, env[k])
		}
		for _, ex := range gs.Examples(base, env) {
			c.printf("\n# %s\n%s\n", ex.Title, ex.Command)
		}
		c.printf("\nPress Ctrl+C to stop.\n")
	}
	if err := cmd.Wait(); err != nil && ctx.Err() == nil {
		return c.fail(ExitFailed, "the server stopped: %v", err)
	}
	return ExitOK
}

// isLoopback reports whether host is a loopback IP address.
func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
