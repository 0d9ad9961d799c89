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
	sent, want := phraseSentConcurrent.Say(map[string]any{"N": callers}), phraseWantConcurrent.Say(nil)
	return grader.Check{
		ID:     "concurrent-tokens",
		Name:   "Valid and expired tokens sent at once each get their own answer",
		Sends:  sent.Text,
		Expect: want.Text,
		Hint:   "Decide each request from its own token; guard what requests share (the cached key set) with a mutex.",
		Run: inLab(t, func(ctx context.Context, l *lab) error {
			tokens, statuses := make([]string, callers), make([]int, callers)
			for i := range callers {
				changes, status := map[string]any(nil), http.StatusOK
				if i%2 == 1 {
					changes, status = map[string]any{"exp": time.Now().Add(-10 * time.Minute).Unix()}, http.StatusUnauthorized
				}
				token, err := l.sign(changes)
				if err != nil {
					return err
				}
				tokens[i] = token
				statuses[i] = status
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
				if got[i] != statuses[i] {
					kind := map[bool]string{true: "valid", false: "expired"}[i%2 == 0]
					return grader.Fail(sent, want, phraseConcurrentGot.Say(map[string]any{"I": i + 1, "Kind": kind, "Status": fmt.Sprintf("%d %s", got[i], http.StatusText(got[i]))}))
				}
			}
			return nil
		}),
	}
}
