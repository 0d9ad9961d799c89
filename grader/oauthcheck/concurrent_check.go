package oauthcheck

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"authlab/grader"
)

// concurrentCheck sends valid and expired tokens at once: each must get its
// own answer, so nothing one request learned may leak into another's
// decision (a key cache written without a lock shows under -race).
func concurrentCheck(t Target) grader.Check {
	const callers = 20
	sent := fmt.Sprintf("%d initialize requests at once, every other one with an expired token", callers)
	return grader.Check{
		ID:     "concurrent-tokens",
		Name:   "Valid and expired tokens sent at once each get their own answer",
		Sends:  sent,
		Expect: "200 for each valid token, 401 for each expired one",
		Hint:   "Decide each request from its own token; guard what requests share (the cached key set) with a mutex.",
		Run: func(ctx context.Context) error {
			l, err := startLab(ctx, t)
			if err != nil {
				return err
			}
			defer l.Close()
			tokens, want := make([]string, callers), make([]int, callers)
			for i := range callers {
				changes, status := map[string]any(nil), http.StatusOK
				if i%2 == 1 {
					changes, status = map[string]any{"exp": time.Now().Add(-10 * time.Minute).Unix()}, http.StatusUnauthorized
				}
				if tokens[i], err = l.sign(changes); err != nil {
					return err
				}
				want[i] = status
			}
			got, errs := make([]int, callers), make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					ex, err := l.send(ctx, tokens[i])
					if err != nil {
						errs[i] = err
						return
					}
					got[i] = ex.Status
				})
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				return err
			}
			for i := range callers {
				if got[i] != want[i] {
					return grader.Failf(sent, "200 for each valid token, 401 for each expired one", "request %d (%s token): %d %s",
						i+1, map[bool]string{true: "valid", false: "expired"}[i%2 == 0], got[i], http.StatusText(got[i]))
				}
			}
			return nil
		},
	}
}
