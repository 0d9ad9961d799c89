// Command authlab is an interactive terminal lab that teaches how to secure
// an MCP server. Run it with no arguments for the lab, or see `authlab help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"authlab/internal/cli"
	"authlab/internal/scratch"
)

func main() {
	os.Exit(runCommand())
}

// runCommand runs the command line until it is done or authlab is asked to stop
// (Ctrl+C, kill, a closed terminal), then removes its temporary files.
func runCommand() int {
	// Everything authlab and the processes it starts (the go command, test
	// binaries) put in the temporary folder goes in one folder of its own,
	// removed at the end, or at a later start if authlab is killed first.
	// The learner's editor gets the user's own (scratch.UserEnv).
	if dir, err := scratch.Open(os.TempDir()); err == nil {
		defer os.RemoveAll(dir)
		scratch.Use(dir)
	}
	ctx, stop := stopOnSignal(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return cli.Run(ctx, cli.Env{
		Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
	})
}

// stopOnSignal returns a context that ends when the first of sigs arrives,
// with that signal as its cause (a *cli.Interrupted), so that a command can
// exit as shells expect of a process a signal stopped. Later signals are
// ignored until stop is called.
func stopOnSignal(sigs ...syscall.Signal) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	for _, sig := range sigs {
		signal.Notify(ch, sig)
	}
	go func() {
		select {
		case sig := <-ch:
			cancel(&cli.Interrupted{Signal: sig.(syscall.Signal)}) // every signal of sigs is one
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}
