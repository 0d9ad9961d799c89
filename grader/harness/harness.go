// Package harness runs a stage inside the test binary that the runner builds
// from a target package: its fast or deep checks, or its demo server. The
// grader entry file of every exercise calls Main; nothing else should.
package harness

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/grader/oracle"
)

// Main does what the runner asked for in grader.ModeEnv with the stage s:
// run its fast checks (the default), its deep checks, or serve its demo.
func Main(t *testing.T, s grader.Stage) {
	switch os.Getenv(grader.ModeEnv) {
	case grader.ModeServe:
		serve(t, s.Demo)
	case grader.ModeDeep:
		run(deepContext(os.Getenv(grader.DeepScaleEnv)), t, s.Deep)
	default:
		run(context.Background(), t, s.Checks)
	}
}

// deepContext is the context the deep checks run under: their differential
// checks send their full budget, or the share scale names (see
// grader.DeepScaleEnv).
func deepContext(scale string) context.Context {
	return oracle.WithScale(context.Background(), grader.DeepScale(scale))
}

// afterHang is the deadline of the checks that follow one that hung, and
// afterHangs of those that follow a second one: code that blocked once
// usually blocks again, and the verdict must not take minutes.
const (
	afterHang  = time.Second
	afterHangs = 500 * time.Millisecond
)

// run runs each check as a subtest of t, in order, under ctx, and reports
// its result.
func run(ctx context.Context, t *testing.T, checks []grader.Check) {
	var report *json.Encoder
	if path := os.Getenv(grader.ReportEnv); path != "" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatalf("authlab: cannot write the report: %v", err)
		}
		defer f.Close()
		report = json.NewEncoder(f)
	}
	var only []string
	if list := os.Getenv(grader.OnlyEnv); list != "" {
		only = strings.Split(list, ",")
	}
	deadline, hangs := grader.CheckDeadline, 0
	for _, c := range checks {
		if only != nil && !slices.Contains(only, c.ID) {
			continue
		}
		t.Run(c.ID, func(t *testing.T) {
			limit := c.Limit()
			if deadline < grader.CheckDeadline {
				limit = deadline
			}
			res := grader.RunCheck(ctx, c, limit)
			if hung := !res.Pass && res.Millis >= limit.Milliseconds(); hung {
				deadline = min(deadline, afterHang)
				if deadline == afterHang && hangs > 0 {
					deadline = afterHangs
				}
				hangs++
			}
			if report != nil {
				if err := report.Encode(res); err != nil {
					t.Errorf("authlab: cannot write the report: %v", err)
				}
			}
			if !res.Pass {
				t.Errorf("%s: expected %s; got %s", c.Name, res.Expected, res.Got)
			}
		})
	}
}
