package cli

import (
	"context"
	"fmt"

	"authlab/internal/lab"
)

func runTUI(ctx context.Context, env Env, l *lab.Lab) int {
	fmt.Fprintln(env.Stderr, "authlab: the TUI is not wired yet")
	return ExitBroken
}
