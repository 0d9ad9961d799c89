package grader

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// process is one run of a stage's test binary over some of its checks.
type process struct {
	bin, dir, root string // the binary, the package folder it runs in, the module root
	report         string // the report file the harness appends to
	mode           string
	seed           uint64
	only           []string // the checks to run
	budget         time.Duration
}

// processOutcome is what one process run produced.
type processOutcome struct {
	results  map[string]CheckResult
	finished bool   // the binary printed its final verdict
	died     string // the check during which the process ended early
	output   string // the tail of what it printed outside the framing
}

func (p *process) run(ctx context.Context, checks []Check, onEvent func(Event)) (*processOutcome, error) {
	cmd := exec.CommandContext(ctx, p.bin, testArgs(p.budget)...)
	cmd.Dir = p.dir // as go test does
	cmd.Env = append(os.Environ(),
		ReportEnv+"="+p.report,
		ModeEnv+"="+p.mode,
		SeedEnv+"="+strconv.FormatUint(p.seed, 10),
		OnlyEnv+"="+strings.Join(p.only, ","),
	)
	configure(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout // one stream, in order, like go test
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the checks: %w", err)
	}
	col := &collector{
		checks: checks, report: &reportReader{path: p.report}, onEvent: onEvent,
		results: map[string]CheckResult{}, passed: map[string]bool{},
		root: p.root, dir: p.dir,
	}
	col.consume(stdout)
	waitErr := cmd.Wait()
	if errors.Is(ctx.Err(), context.Canceled) && !col.finished {
		return nil, ctx.Err()
	}
	out := &processOutcome{results: col.results, finished: col.finished, output: col.output.String()}
	if !col.finished && col.running != "" && ctx.Err() == nil {
		id := col.running
		out.died = id
		res := col.base(id)
		output := col.checkOutput.String()
		if captured, err := os.ReadFile(CapturePath(p.report)); err == nil {
			output += "\n" + string(captured) // printed while a check captured the output
		}
		cause := DeathCause(output, waitErr, p.root, p.dir)
		res.Pass = false
		res.Got, res.GotPhrases, res.Detail, res.Where = cause.Got, cause.GotPhrases, cause.Detail, cause.Where
		if cause.Hint != "" {
			res.Hint = cause.Hint
		}
		col.results[id] = res
		onEvent(Event{Phase: PhaseRunning, Check: &res})
	}
	if !col.finished && out.died == "" && waitErr != nil {
		out.output = strings.TrimSpace(waitErr.Error() + "\n" + out.output)
	}
	return out, nil
}

// collector turns the test binary's framed output into results.
type collector struct {
	checks      []Check
	report      *reportReader
	onEvent     func(Event)
	results     map[string]CheckResult
	reported    map[string]CheckResult // the harness's reports, by id
	passed      map[string]bool        // subtest verdicts from the testing package
	running     string                 // the check that started last and has not ended
	checkOutput tailBuffer             // what the running check printed
	output      tailBuffer             // everything printed outside the framing
	root, dir   string
	finished    bool
}

// frame marks the testing package's own lines in -test.v=test2json mode.
const frame = "\x16"

func (c *collector) consume(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line, framed := strings.CutPrefix(sc.Text(), frame)
		if !framed {
			c.output.WriteString(sc.Text() + "\n")
			if c.running != "" {
				c.checkOutput.WriteString(sc.Text() + "\n")
			}
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
		if id, ok := strings.CutPrefix(name, TestName+"/"); ok {
			c.running = id
			c.checkOutput = tailBuffer{}
		}
	case strings.HasPrefix(line, "--- PASS: "), strings.HasPrefix(line, "--- FAIL: "), strings.HasPrefix(line, "--- SKIP: "):
		verdict, rest, _ := strings.Cut(strings.TrimPrefix(line, "--- "), ": ")
		name, _, _ := strings.Cut(rest, " (")
		id, ok := strings.CutPrefix(name, TestName+"/")
		if !ok {
			return
		}
		c.passed[id] = verdict == "PASS"
		c.settle(id)
		c.running = ""
	}
}

// base returns the harness's report for id, or an empty result named after
// the check.
func (c *collector) base(id string) CheckResult {
	if c.reported == nil {
		c.reported = map[string]CheckResult{}
	}
	for _, res := range c.report.next() {
		c.reported[res.ID] = res
	}
	if res, ok := c.reported[id]; ok {
		return res
	}
	res := CheckResult{ID: id}
	for _, chk := range c.checks {
		if chk.ID == id {
			res.Name, res.Hint, res.Expected = chk.Name, chk.Hint, chk.Expect
		}
	}
	return res
}

// settle merges the testing package's verdict with the harness's report
// for one check. A check passes only when both say so; when only the
// testing package failed it, the check's own output says why (the race
// detector, typically).
func (c *collector) settle(id string) {
	res := c.base(id)
	_, reported := c.reported[id]
	switch {
	case !reported:
		res.Pass = false
		cause := DeathCause(c.checkOutput.String(), nil, c.root, c.dir)
		res.Got, res.GotPhrases, res.Detail, res.Where = cause.Got, cause.GotPhrases, cause.Detail, cause.Where
	case res.Pass && !c.passed[id]:
		res.Pass = false
		race := RaceReport(c.checkOutput.String(), c.root, c.dir)
		if race.Got == "" {
			race = newCause("", "", "", phraseMarkedFailed.Say(map[string]any{"Output": excerptText(c.checkOutput.String(), 400)}))
		}
		res.Got, res.GotPhrases, res.Detail, res.Where = race.Got, race.GotPhrases, race.Detail, race.Where
		if race.Hint != "" {
			res.Hint = race.Hint
		}
	}
	c.results[id] = res
	c.onEvent(Event{Phase: PhaseRunning, Check: &res})
}

func excerptText(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
