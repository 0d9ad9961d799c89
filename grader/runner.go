package grader

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoGoTool means the go command could not be found. The grader compiles
// learner code with it, so nothing can be checked without it.
var ErrNoGoTool = errors.New("the go command was not found on PATH: install Go 1.26 (https://go.dev/dl) and open a new terminal")

// BuildTag is the build tag that enables the grader entry file of an
// exercise. The project's own `go test ./...` never sets it.
const BuildTag = "authlab"

// ReportEnv names the file the harness appends one JSON CheckResult per line
// to. The runner sets it; without it results go only to the test log.
const ReportEnv = "AUTHLAB_REPORT"

// Phase is where a run is.
type Phase int

// The phases of a run, in order.
const (
	PhaseCompiling Phase = iota
	PhaseRunning
)

// Event is progress reported while a run goes on: a phase change, or one
// finished check.
type Event struct {
	Phase Phase
	Check *CheckResult // set when a check has finished
}

// Runner grades a target package by compiling it with its grader entry file
// and running the checks with `go test -json` in a separate process, so that
// a panic, a hang or a compile error in learner code never takes down the
// caller.
type Runner struct {
	Root   string // the module root, where go.mod is
	GoTool string // the go command; "" looks it up on PATH
}

// flags are shared by Run and Warm so that both hit the same build cache.
func (r *Runner) flags(dir string) []string {
	return []string{"-tags=" + BuildTag, "-vet=off", "-ldflags=-w", "./" + filepath.ToSlash(dir)}
}

func (r *Runner) goTool() (string, error) {
	name := r.GoTool
	if name == "" {
		name = "go"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", ErrNoGoTool
	}
	return path, nil
}

// Warm compiles dir's test binary and its dependencies without running any
// check, so that the first real run only recompiles what the learner edits.
func (r *Runner) Warm(ctx context.Context, dir string) error {
	gotool, err := r.goTool()
	if err != nil {
		return err
	}
	args := append([]string{"test", "-count=1", "-run=^$"}, r.flags(dir)...)
	cmd := exec.CommandContext(ctx, gotool, args...)
	cmd.Dir = r.Root
	configure(cmd)
	return cmd.Run()
}

// Run grades the package in dir (relative to Root) with the given checks,
// which must be the ones its entry file runs. onEvent, if not nil, is called
// from Run's goroutine as the run progresses. The returned error is about
// running at all (no go tool, cancelled); everything about the learner's
// code is in the Report.
func (r *Runner) Run(ctx context.Context, stage, dir string, checks []Check, onEvent func(Event)) (*Report, error) {
	start := time.Now()
	if onEvent == nil {
		onEvent = func(Event) {}
	}
	gotool, err := r.goTool()
	if err != nil {
		return nil, err
	}
	reportFile, err := os.CreateTemp("", "authlab-report-*.jsonl")
	if err != nil {
		return nil, err
	}
	reportFile.Close()
	defer os.Remove(reportFile.Name())

	budget := time.Duration(len(checks))*CheckDeadline + 30*time.Second
	args := append([]string{"test", "-json", "-count=1", "-run=^TestAuthlab$",
		"-timeout=" + budget.String()}, r.flags(dir)...)
	ctx, cancel := context.WithTimeout(ctx, budget+2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gotool, args...)
	cmd.Dir = r.Root
	cmd.Env = append(os.Environ(), ReportEnv+"="+reportFile.Name())
	configure(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr

	onEvent(Event{Phase: PhaseCompiling})
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", gotool, err)
	}
	col := newCollector(checks, reportFile.Name(), onEvent)
	col.consume(stdout)
	waitErr := cmd.Wait()
	if ctx.Err() != nil && !col.finished {
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		col.crash = fmt.Sprintf("the whole run took longer than %s and was stopped", budget+2*time.Minute)
	}

	rep := col.finish(stage, dir)
	if rep.Build == nil && len(col.results) == 0 && waitErr != nil && col.crash == "" {
		// go test failed before building or running anything: a broken
		// go.mod, a missing folder, an unknown package.
		rep.Crash = strings.TrimSpace(stderr.String() + "\n" + col.output.String())
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// testEvent is one line of `go test -json` output (cmd/test2json).
type testEvent struct {
	Action      string
	Test        string
	ImportPath  string
	Output      string
	FailedBuild string
}

// collector turns the event stream into results.
type collector struct {
	checks   []Check
	report   *reportReader
	onEvent  func(Event)
	results  map[string]CheckResult
	passed   map[string]bool // subtest verdicts from go test itself
	running  string          // the check that started last and has not ended
	build    strings.Builder
	buildBad bool
	output   tailBuffer
	crash    string
	started  bool
	finished bool
}

func newCollector(checks []Check, reportPath string, onEvent func(Event)) *collector {
	return &collector{
		checks: checks, report: &reportReader{path: reportPath}, onEvent: onEvent,
		results: map[string]CheckResult{}, passed: map[string]bool{},
	}
}

func (c *collector) consume(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		var ev testEvent
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			c.output.WriteString(sc.Text() + "\n")
			continue
		}
		c.handle(ev)
	}
}

const parentTest = "TestAuthlab"

func (c *collector) handle(ev testEvent) {
	switch ev.Action {
	case "build-output":
		c.build.WriteString(ev.Output)
	case "build-fail":
		c.buildBad = true
	case "start", "run":
		if !c.started {
			c.started = true
			c.onEvent(Event{Phase: PhaseRunning})
		}
		if id, ok := strings.CutPrefix(ev.Test, parentTest+"/"); ok && ev.Action == "run" {
			c.running = id
		}
	case "output":
		c.output.WriteString(ev.Output)
	case "pass", "fail":
		if ev.FailedBuild != "" {
			c.buildBad = true
		}
		id, ok := strings.CutPrefix(ev.Test, parentTest+"/")
		if !ok {
			if ev.Test == "" {
				c.finished = true
			}
			return
		}
		c.passed[id] = ev.Action == "pass"
		c.running = ""
		c.settle(id)
	}
}

// settle merges go test's verdict with the harness's report for one check.
// A check passes only when both say so.
func (c *collector) settle(id string) {
	for _, res := range c.report.next() {
		c.results[res.ID] = res
	}
	res, ok := c.results[id]
	if !ok {
		res = CheckResult{ID: id, Got: "no result was reported for this check"}
		if chk, found := c.find(id); found {
			res.Name, res.Hint = chk.Name, chk.Hint
		}
	}
	res.Pass = res.Pass && c.passed[id]
	c.results[id] = res
	c.onEvent(Event{Phase: PhaseRunning, Check: &res})
}

func (c *collector) find(id string) (Check, bool) {
	for _, chk := range c.checks {
		if chk.ID == id {
			return chk, true
		}
	}
	return Check{}, false
}

func (c *collector) finish(stage, dir string) *Report {
	rep := &Report{Stage: stage, Target: filepath.ToSlash(dir), Crash: c.crash}
	if c.buildBad {
		rep.Build = parseBuild(c.build.String())
	}
	for _, chk := range c.checks {
		res, ok := c.results[chk.ID]
		if !ok {
			res = CheckResult{ID: chk.ID, Name: chk.Name, Hint: chk.Hint, Expected: chk.Expect}
			switch {
			case rep.Build != nil:
				res.Got = "not run: the package does not compile"
			case chk.ID == c.running:
				res.Got = "the test process died during this check (see the crash output)"
				if rep.Crash == "" {
					rep.Crash = c.output.String()
				}
			default:
				res.Got = "not run: the test process stopped before this check"
				if rep.Crash == "" {
					rep.Crash = c.output.String()
				}
			}
		}
		rep.Checks = append(rep.Checks, res)
	}
	rep.Passed = rep.Build == nil && rep.Crash == "" && len(rep.Checks) > 0
	for _, res := range rep.Checks {
		rep.Passed = rep.Passed && res.Pass
	}
	return rep
}

// Compile builds the test binary of the package in dir (relative to Root),
// grader entry file included, at out. On a compile error it returns a
// *BuildFailure as the error.
func (r *Runner) Compile(ctx context.Context, dir, out string) error {
	gotool, err := r.goTool()
	if err != nil {
		return err
	}
	args := append([]string{"test", "-c", "-o", out}, r.flags(dir)...)
	cmd := exec.CommandContext(ctx, gotool, args...)
	cmd.Dir = r.Root
	configure(cmd)
	output, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return parseBuild(string(output))
	}
	return nil
}
