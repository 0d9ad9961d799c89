package grader

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// CheckDeadline bounds a single check. Learner code that has not answered by
// then is reported as hanging.
const CheckDeadline = 5 * time.Second

// RunCheck runs c in the current process with a deadline, turning a panic or
// a hang in the code under test into a failed result instead of a crash.
func RunCheck(ctx context.Context, c Check, deadline time.Duration) CheckResult {
	res := CheckResult{ID: c.ID, Name: c.Name, Hint: c.Hint}
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()

	start := time.Now()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- &Failure{
					Expected: "no panic",
					Got:      fmt.Sprintf("panic: %v", p),
					Detail:   string(debug.Stack()),
				}
			}
		}()
		done <- c.Run(ctx)
	}()

	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		// Give a check that honours ctx a moment to report why it stopped.
		select {
		case err = <-done:
		case <-time.After(100 * time.Millisecond):
			err = &Failure{
				Expected: fmt.Sprintf("an answer within %s", deadline),
				Got:      "no answer: your code is blocking (a handler that never returns, or a lock held forever)",
			}
		}
	}
	res.Millis = time.Since(start).Milliseconds()
	if err == nil {
		res.Pass = true
		return res
	}
	f := AsFailure(err)
	res.Sent, res.Expected, res.Got, res.Detail = f.Sent, f.Expected, f.Got, f.Detail
	return res
}
