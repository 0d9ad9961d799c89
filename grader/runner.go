package grader

import (
	"bufio"
	"context"
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
// into a test binary and running the checks in a separate process, so that
// a panic, a hang or a compile error in learner code never takes down the
// caller.
type Runner struct {
	Root   string // the module root, where go.mod is
	GoTool string // the go command; "" looks it up on PATH
}

// flags are shared by Run, Warm and Compile so that all hit the same build
// cache. Linking dominates a warm run (about 280 of 490 ms here), so vet is
// left to the project's CI and the binary carries no symbol table or DWARF
// (-s -w); panics still show file:line, from the pcln table.
func (r *Runner) flags(dir string) []string {
	return []string{"-tags=" + BuildTag, "-vet=off", "-ldflags=-s -w", "./" + filepath.ToSlash(dir)}
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
	bin, err := r.binaryPath(dir)
	if err != nil {
		return err
	}
	return r.Compile(ctx, dir, bin)
}

// BinDir is where test binaries are kept between runs, relative to Root.
const BinDir = ".authlab/bin"

// binaryPath returns where dir's test binary lives. The path is stable, so
// the go command can skip linking when an edit did not change the compiled
// code (a comment, a save without changes): ~300 ms saved on such runs.
func (r *Runner) binaryPath(dir string) (string, error) {
	bins := filepath.Join(r.Root, filepath.FromSlash(BinDir))
	if err := os.MkdirAll(bins, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", bins, err)
	}
	name := strings.ReplaceAll(filepath.ToSlash(filepath.Clean(dir)), "/", "_") + ".test"
	return filepath.Join(bins, name), nil
}

// Run grades the package in dir (relative to Root) with the given checks,
// which must be the ones its entry file runs. It compiles the package's test
// binary with `go test -c`, then runs it with the checks' verdicts framed for
// test2json (-test.v=test2json): measured here, that is about 250 ms faster
// per run than letting `go test` run the binary itself. onEvent, if not nil,
// is called from Run's goroutine as the run progresses. The returned error
// is about running at all (no go tool, cancelled); everything about the
// learner's code is in the Report.
func (r *Runner) Run(ctx context.Context, stage, dir string, checks []Check, onEvent func(Event)) (*Report, error) {
	start := time.Now()
	if onEvent == nil {
		onEvent = func(Event) {}
	}
	work, err := os.MkdirTemp("", "authlab-run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	onEvent(Event{Phase: PhaseCompiling})
	bin, err := r.binaryPath(dir)
	if err != nil {
		return nil, err
	}
	if err := r.Compile(ctx, dir, bin); err != nil {
		var bf *BuildFailure
		if !errors.As(err, &bf) {
			return nil, err
		}
		col := newCollector(checks, "", onEvent)
		col.build = bf
		rep := col.finish(stage, dir)
		rep.Elapsed = time.Since(start)
		return rep, nil
	}

	onEvent(Event{Phase: PhaseRunning})
	reportPath := filepath.Join(work, "report.jsonl")
	budget := time.Duration(len(checks))*CheckDeadline + 30*time.Second
	ctx, cancel := context.WithTimeout(ctx, budget+10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run=^TestAuthlab$", "-test.v=test2json",
		"-test.timeout="+budget.String())
	cmd.Dir = filepath.Join(r.Root, filepath.FromSlash(dir)) // as go test does
	cmd.Env = append(os.Environ(), ReportEnv+"="+reportPath)
	configure(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout // one stream, in order, like go test
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the checks: %w", err)
	}
	col := newCollector(checks, reportPath, onEvent)
	col.consume(stdout)
	waitErr := cmd.Wait()
	if ctx.Err() != nil && !col.finished {
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		col.crash = fmt.Sprintf("the checks took longer than %s and were stopped", budget+10*time.Second)
	}
	rep := col.finish(stage, dir)
	if len(col.results) == 0 && waitErr != nil && rep.Crash == "" {
		rep.Crash = strings.TrimSpace(waitErr.Error() + "\n" + col.output.String())
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// collector turns the test binary's framed output into results.
type collector struct {
	checks   []Check
	report   *reportReader
	onEvent  func(Event)
	results  map[string]CheckResult
	passed   map[string]bool // subtest verdicts from the testing package
	running  string          // the check that started last and has not ended
	build    *BuildFailure
	output   tailBuffer
	crash    string
	finished bool
}

func newCollector(checks []Check, reportPath string, onEvent func(Event)) *collector {
	return &collector{
		checks: checks, report: &reportReader{path: reportPath}, onEvent: onEvent,
		results: map[string]CheckResult{}, passed: map[string]bool{},
	}
}

// frame marks the testing package's own lines in -test.v=test2json mode.
const frame = "\x16"

const parentTest = "TestAuthlab"

func (c *collector) consume(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line, framed := strings.CutPrefix(sc.Text(), frame)
		if !framed {
			c.output.WriteString(sc.Text() + "\n")
			continue
		}
		c.handle(line)
	}
}

// handle interprets one framed line: "=== RUN   T", "--- PASS: T (0.00s)",
// "--- FAIL: T (0.00s)", or the final "PASS"/"FAIL".
func (c *collector) handle(line string) {
	switch {
	case line == "PASS" || line == "FAIL":
		c.finished = true
	case strings.HasPrefix(line, "=== RUN "):
		name := strings.TrimSpace(strings.TrimPrefix(line, "=== RUN "))
		if id, ok := strings.CutPrefix(name, parentTest+"/"); ok {
			c.running = id
		}
	case strings.HasPrefix(line, "--- PASS: "), strings.HasPrefix(line, "--- FAIL: "), strings.HasPrefix(line, "--- SKIP: "):
		verdict, rest, _ := strings.Cut(strings.TrimPrefix(line, "--- "), ": ")
		name, _, _ := strings.Cut(rest, " (")
		id, ok := strings.CutPrefix(name, parentTest+"/")
		if !ok {
			return
		}
		c.passed[id] = verdict == "PASS"
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
	rep := &Report{Stage: stage, Target: filepath.ToSlash(dir), Crash: c.crash, Build: c.build}
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
