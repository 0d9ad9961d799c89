package cli

import (
	"context"
	"fmt"

	"authlab/internal/lab"
	"authlab/tui"
)

// runTUI opens the interactive lab on the terminal. Asked to stop (kill,
// a closed terminal), it restores the terminal and ends as if quit.
func runTUI(ctx context.Context, env Env, l *lab.Lab) int {
	if err := tui.Run(ctx, l, tui.Options{Watch: true}); err != nil && ctx.Err() == nil {
		fmt.Fprintf(env.Stderr, "authlab: %v\n", err)
		return ExitBroken
	}
	return ExitOK
}
