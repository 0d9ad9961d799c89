package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/lessons"
)

// longWhere is a file:line longer than any terminal line it could be
// wrapped at.
const longWhere = "exercises/basicauth/a/folder/deep/enough/to/pass/the/width/of/an/eighty/column/terminal/auth.go:1234"

func TestPlainReport(t *testing.T) {
	stage := lessons.Stage{ID: "basic-auth", Title: "Basic auth: a shared secret"}
	deepChecks := []grader.Check{{ID: "differential-deep", Name: "Variants, with the race detector"}}
	fast := func(pass bool) *grader.Report {
		rep := &grader.Report{Stage: stage.ID, Target: "exercises/basicauth", Tier: "fast", Passed: pass, Seed: 42, Elapsed: time.Second,
			Checks: []grader.CheckResult{{ID: "missing-header-401", Name: "No header is 401", Pass: true}}}
		failing := grader.CheckResult{ID: "differential", Name: "Variants", Pass: pass}
		if !pass {
			failing.Sent = "POST /mcp?access_token=<the secret>"
			failing.Expected = "401"
			failing.Got = "200 OK and the tool ran"
			failing.Where = longWhere
			failing.Hint = "Read the Authorization header only."
		}
		rep.Checks = append(rep.Checks, failing)
		return rep
	}
	withDeep := func(pass bool, race string) *grader.Report {
		rep := fast(true)
		res := grader.CheckResult{ID: "differential-deep", Name: "Variants, with the race detector", Pass: pass}
		if !pass {
			res.Expected, res.Got, res.Where = "no data race", "a data race", longWhere
		}
		rep.Deep = &grader.Report{Stage: stage.ID, Tier: "deep", Passed: pass, Seed: 42, Race: race, Elapsed: time.Second,
			Checks: []grader.CheckResult{res}}
		rep.Passed = pass
		return rep
	}
	replay := "`authlab check basic-auth --seed 42` sends the same ones again."
	tests := []struct {
		name  string
		rep   *grader.Report
		want  []string
		lacks []string
	}{
		{
			name: "a fast failure",
			rep:  fast(false),
			want: []string{"  ✗ differential", "      where:    " + longWhere, "      got:      200 OK and the tool ran   [from your code]",
				"  Deep checks (1): not run yet. They wait for the checks above", "FAIL: 1 of 2 checks pass", replay},
			lacks: []string{"Deep checks (once"},
		},
		{
			name: "a deep failure",
			rep:  withDeep(false, ""),
			want: []string{"  Deep checks (once the checks above pass: run with the race detector)", "  ✗ differential-deep",
				"      where:    " + longWhere, "FAIL: 2 of 3 checks pass", replay},
			lacks: []string{"not run yet"},
		},
		{
			name: "a pass without the race detector",
			rep:  withDeep(true, "the race detector cannot run on this machine (go: -race requires cgo); the deep tier ran without it"),
			want: []string{"  Deep checks (once the checks above pass: the race detector cannot run on this machine (go: -race requires cgo); the deep tier ran without it)",
				"  ✓ differential-deep", "PASS: 3 of 3 checks pass"},
			lacks: []string{"--seed", "not run yet", "where:"},
		},
		{
			name: "a compile error",
			rep: func() *grader.Report {
				rep := fast(false)
				rep.Build = &grader.BuildFailure{Errors: []grader.CompileError{{File: "exercises/basicauth/auth.go", Line: 3, Message: "syntax error"}}}
				return rep
			}(),
			want:  []string{"Your code does not compile:", "    exercises/basicauth/auth.go:3: syntax error"},
			lacks: []string{"--seed", "not run yet", "where:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printReport(&out, stage, tt.rep, deepChecks)
			lines := strings.Split(out.String(), "\n")
			for _, want := range tt.want {
				if !containsLine(lines, want) {
					t.Errorf("no line holds %q:\n%s", want, out.String())
				}
			}
			for _, lack := range tt.lacks {
				if strings.Contains(out.String(), lack) {
					t.Errorf("the report shows %q:\n%s", lack, out.String())
				}
			}
		})
	}
}

// containsLine reports whether one of lines holds text whole.
func containsLine(lines []string, text string) bool {
	for _, l := range lines {
		if strings.Contains(l, text) {
			return true
		}
	}
	return false
}

func TestDeepBuildIsAnnounced(t *testing.T) {
	done := &grader.CheckResult{ID: "differential-deep", Pass: true}
	tests := []struct {
		event grader.Event
		says  bool
	}{
		{grader.Event{Tier: grader.TierFast, Phase: grader.PhaseCompiling}, false},
		{grader.Event{Tier: grader.TierFast, Phase: grader.PhaseRunning}, false},
		{grader.Event{Tier: grader.TierDeep, Phase: grader.PhaseCompiling}, true},
		{grader.Event{Tier: grader.TierDeep, Phase: grader.PhaseRunning}, false},
		{grader.Event{Tier: grader.TierDeep, Phase: grader.PhaseRunning, Check: done}, false},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		c := &call{Env: Env{Stderr: &stderr}}
		c.sayDeepBuild(tt.event)
		says := strings.Contains(stderr.String(), "preparing the deep checks: building with the race detector (the first time takes about a minute)")
		if says != tt.says {
			t.Errorf("event %+v: announced the deep build: %v, want %v (%q)", tt.event, says, tt.says, stderr.String())
		}
	}
}
