package cli

import (
	"context"
	"errors"

	"authlab/internal/scaffold"
)

// runDev runs an author's command: `dev new ID` scaffolds a stage.
func runDev(_ context.Context, c *call) int {
	positional, err := c.parse()
	if err != nil {
		return ExitUsage
	}
	if len(positional) != 2 || positional[0] != "new" {
		return c.fail(ExitUsage, "usage: authlab dev new ID, where ID is the new stage's id in kebab-case, such as audit-log")
	}
	id := positional[1]
	written, err := scaffold.New(c.lab.Root, id)
	for _, p := range written {
		c.printf("  wrote %s\n", p)
	}
	switch {
	case errors.Is(err, scaffold.ErrRefused):
		return c.fail(ExitFailed, "%v", err)
	case err != nil:
		return c.fail(ExitBroken, "could not scaffold the stage %s: %v", id, err)
	}
	c.printf("\nStage %s is the course's last stage, with an example check in each tier, fast and deep, and a mutant they catch.\n", id)
	c.printf("Next: write its lesson, hints, starter, solution and checks, then run\n")
	c.printf("  go run ./cmd/authlab verify %s\n  go test ./...\n", id)
	return ExitOK
}
