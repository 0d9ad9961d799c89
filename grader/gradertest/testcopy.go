package gradertest

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
)

// testCopy is a copy of this test process that runs the tests a -test.run
// pattern selects, its output kept for a failure to show.
type testCopy struct {
	cmd *exec.Cmd
	out bytes.Buffer
}

// startTestCopy starts a copy of this test process running the tests that
// pattern selects, with the same -test.timeout and env added to its
// environment; ctx ending kills it.
func startTestCopy(ctx context.Context, pattern, env string) (*testCopy, error) {
	args := []string{"-test.run=" + pattern}
	if f := flag.Lookup("test.timeout"); f != nil {
		args = append(args, "-test.timeout="+f.Value.String())
	}
	c := &testCopy{cmd: exec.CommandContext(ctx, os.Args[0], args...)}
	c.cmd.Env = append(os.Environ(), env)
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	return c, nil
}
