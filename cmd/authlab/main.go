// Command authlab is an interactive terminal lab that teaches how to secure
// an MCP server. Run it with no arguments for the lab, or see `authlab help`.
package main

import (
	"context"
	"os"
	"os/signal"

	"authlab/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, cli.Env{
		Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
	})
	stop()
	os.Exit(code)
}
