//go:build !unix

package cli

import (
	"context"
	"os"
)

// watchOutput does nothing here: a write to an output nobody reads fails,
// and that stops the command (see stopOnError).
func watchOutput(context.Context, *os.File, func()) {}
