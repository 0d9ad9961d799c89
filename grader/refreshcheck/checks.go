package refreshcheck

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"authlab/grader"
	"authlab/grader/probe"
)

// ID is the stage's id in the course manifest.
const ID = "refresh"

// Stage returns stage 5, refresh, with the code under test t bound.
func Stage(t Target) grader.Stage {
	return grader.Stage{ID: ID, Checks: Checks(t), Deep: Deep(t), Demo: demo(t)}
}

// Checks returns the stage's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	return []grader.Check{noCredentialCheck(t)}
}

// Deep returns the stage's deep checks against t, run once every fast check
// passes.
func Deep(t Target) []grader.Check {
	return []grader.Check{concurrentCheck(t)}
}

// noCredentialCheck sends a request with no Authorization header and
// demands 401, the request never reaching the MCP handler.
func noCredentialCheck(t Target) grader.Check {
	const sent = "tools/list with no Authorization header"
	return grader.Check{
		ID:     "no-credential-401",
		Name:   "A request with no Authorization header is answered 401",
		Sends:  sent,
		Expect: "401, and the request never reaches the MCP handler",
		Hint:   "When r.Header.Get(\"Authorization\") is empty, answer 401 with http.Error and return without calling next.",
		Run: func(ctx context.Context) error {
			lab, err := probe.Start(func(next http.Handler) (http.Handler, error) { return t.Protect(next), nil })
			if err != nil {
				return err
			}
			defer lab.Close()
			ex, err := lab.Send(ctx, probe.RPC{Method: "tools/list"}, nil)
			if err != nil {
				return err
			}
			switch {
			case ex.Status != http.StatusUnauthorized:
				return grader.Failf(sent, "401 Unauthorized", "%s", ex.Describe())
			case lab.Reached() > 0:
				return grader.Failf(sent, "401, and the request never reaches the MCP handler",
					"%s, but the request reached the MCP handler: return right after writing the 401", ex.Describe())
			}
			return nil
		},
	}
}

// concurrentCheck sends many requests with no Authorization header at once
// and demands that each is answered 401, none reaching the MCP handler.
func concurrentCheck(t Target) grader.Check {
	const callers = 20
	sent := fmt.Sprintf("%d tools/list requests at once, with no Authorization header", callers)
	return grader.Check{
		ID:     "concurrent-no-credential-401",
		Name:   "Requests sent at once with no Authorization header are all answered 401",
		Sends:  sent,
		Expect: "401 for each, and none reaches the MCP handler",
		Hint:   "Decide each request on its own, from its own headers, and keep nothing between requests.",
		Run: func(ctx context.Context) error {
			lab, err := probe.Start(func(next http.Handler) (http.Handler, error) { return t.Protect(next), nil })
			if err != nil {
				return err
			}
			defer lab.Close()
			statuses, errs := make([]int, callers), make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					ex, err := lab.Send(ctx, probe.RPC{Method: "tools/list"}, nil)
					if err != nil {
						errs[i] = err
						return
					}
					statuses[i] = ex.Status
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				return err
			}
			for i, status := range statuses {
				if status != http.StatusUnauthorized {
					return grader.Failf(sent, "401 for each", "request %d: %d %s", i+1, status, http.StatusText(status))
				}
			}
			if n := lab.Reached(); n > 0 {
				return grader.Failf(sent, "none reaches the MCP handler", "%d of %d requests reached the MCP handler: return right after writing the 401", n, callers)
			}
			return nil
		},
	}
}
