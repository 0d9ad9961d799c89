package jwtauthcheck

import (
	"context"
	"testing"
	"time"

	"authlab/grader"
	"authlab/grader/gradertest"
)

// TestClientDeadlineForgivesALoadedMachine: a correct client that, on a
// loaded machine, spends longer than the first deadline before its request
// leaves still passes client-deadline, since the check tries again with a
// longer deadline before it says nothing was sent.
func TestClientDeadlineForgivesALoadedMachine(t *testing.T) {
	slow := withLoginClient(func(ctx context.Context, baseURL, username, password string) (string, error) {
		time.Sleep(deadlines[0] + 50*time.Millisecond) // the load, before anything is sent
		return good.target().Login(ctx, baseURL, username, password)
	})
	c := gradertest.Named(t, Checks(slow), "client-deadline")
	if r := grader.RunCheck(context.Background(), c, c.Limit()); !r.Pass {
		t.Errorf("a correct client slowed by load failed client-deadline: %s", gradertest.Describe(r))
	}
}
