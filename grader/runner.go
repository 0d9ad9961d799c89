package grader

import (
	"context"
	"errors"
	"fmt"
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
	Tier  Tier
	Phase Phase
	Check *CheckResult // set when a check has finished
	// Race, on the deep tier's PhaseRunning event, says why the checks run
	// without the race detector (as Report.Race will).
	Race string
}

// RunOptions say what a run grades and how.
type RunOptions struct {
	Tier Tier
	// Seed drives the run's pseudo-random choices; 0 draws a fresh one.
	Seed uint64
	// OnEvent, if not nil, is called from Run's goroutine as the run
	// progresses.
	OnEvent func(Event)
}

// Runner grades a target package by compiling it with its grader entry file
// into a test binary and running the checks in a separate process, so that
// a panic, a hang, os.Exit or a compile error in learner code never takes
// down the caller.
type Runner struct {
	Root   string // the module root, where go.mod is
	GoTool string // the go command; "" looks it up on PATH
}

// flags are shared by Run, Warm and Compile so that all hit the same build
// cache. Linking dominates a warm run (about 280 of 490 ms here), so vet is
// left to the project's CI and the binary carries no symbol table or DWARF
// (-s -w); panics still show file:line, from the pcln table. The deep tier
// adds the race detector. See env for the environment.
func (r *Runner) flags(dir string, race bool) []string {
	flags := []string{"-tags=" + BuildTag, "-vet=off", "-ldflags=-s -w"}
	if race {
		flags = append(flags, "-race")
	}
	return append(flags, "./"+filepath.ToSlash(dir))
}

// env is the go command's environment for a build. Without the race
// detector, which needs it, cgo is off: nothing the checks exercise calls C,
// and a binary without runtime/cgo and net's cgo resolver has less to
// compile and link (an edit's build: about 12% less CPU). Go already
// builds this way wherever no C compiler is found.
func env(race bool) []string {
	if race {
		return os.Environ()
	}
	return append(os.Environ(), "CGO_ENABLED=0")
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
	bin, err := r.binaryPath(dir, false)
	if err != nil {
		return err
	}
	return r.Compile(ctx, dir, bin)
}

// WarmRace compiles dir's test binary with the race detector, as the deep
// tier does, so that its first run does not wait for the race-instrumented
// dependencies (about a minute, once, on two cores).
func (r *Runner) WarmRace(ctx context.Context, dir string) error {
	bin, err := r.binaryPath(dir, true)
	if err != nil {
		return err
	}
	return r.compile(ctx, dir, bin, true)
}

// BinDir is where test binaries are kept between runs, relative to Root.
const BinDir = ".authlab/bin"

// binaryPath returns where dir's test binary lives. The path is stable, so
// the go command can skip linking when an edit did not change the compiled
// code (a comment, a save without changes): ~300 ms saved on such runs.
func (r *Runner) binaryPath(dir string, race bool) (string, error) {
	bins := filepath.Join(r.Root, filepath.FromSlash(BinDir))
	if err := os.MkdirAll(bins, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", bins, err)
	}
	name := strings.ReplaceAll(filepath.ToSlash(filepath.Clean(dir)), "/", "_")
	if race {
		name += ".race"
	}
	return filepath.Join(bins, name+".test"), nil
}

// Run grades the package in dir (relative to Root) with the checks of s in
// opt.Tier, which must be the ones its entry file runs. It compiles the
// package's test binary with `go test -c` (with the race detector for the
// deep tier, when the machine has one), then runs it with the checks'
// verdicts framed for test2json. When learner code ends the process in the
// middle of a check (os.Exit, log.Fatal, a panic in a goroutine of its
// own), that check is reported with the cause and the checks after it run
// in a new process, so nothing is lost. The returned error is about running
// at all (no go tool, cancelled); everything about the learner's code is in
// the Report.
func (r *Runner) Run(ctx context.Context, s Stage, dir string, opt RunOptions) (*Report, error) {
	start := time.Now()
	onEvent := func(ev Event) {
		ev.Tier = opt.Tier
		if opt.OnEvent != nil {
			opt.OnEvent(ev)
		}
	}
	if opt.Seed == 0 {
		opt.Seed = NewSeed()
	}
	checks := opt.Tier.Checks(s)
	rep := &Report{Stage: s.ID, Target: filepath.ToSlash(dir), Tier: opt.Tier.String(), Seed: opt.Seed}
	defer func() { rep.Elapsed = time.Since(start) }()

	onEvent(Event{Phase: PhaseCompiling})
	bin, note, err := r.build(ctx, dir, opt.Tier == TierDeep)
	if err != nil {
		var bf *BuildFailure
		if !errors.As(err, &bf) {
			return nil, err
		}
		rep.Build = bf
		rep.Checks = notRun(checks, phraseNoCompile.Say(nil))
		return rep, nil
	}
	rep.Race = note
	if f := DeepScale(os.Getenv(DeepScaleEnv)); opt.Tier == TierDeep && f < 1 {
		rep.Scale = f
	}

	onEvent(Event{Phase: PhaseRunning, Race: note})
	work, err := os.MkdirTemp("", "authlab-run-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	budget := RunBudget(checks)
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()

	results := map[string]CheckResult{}
	for attempt := 0; ; attempt++ {
		remaining := pending(checks, results)
		if len(remaining) == 0 {
			break
		}
		p := &process{
			bin: bin, dir: filepath.Join(r.Root, filepath.FromSlash(dir)), root: r.Root,
			report: filepath.Join(work, fmt.Sprintf("report-%d.jsonl", attempt)),
			mode:   modeOf(opt.Tier), seed: opt.Seed, only: remaining, budget: time.Until(deadlineOf(ctx)),
		}
		out, err := p.run(ctx, checks, onEvent)
		if err != nil {
			return nil, err
		}
		for id, res := range out.results {
			results[id] = res
		}
		if out.finished {
			break
		}
		if ctx.Err() != nil {
			rep.Crash = fmt.Sprintf("the checks took longer than %s in all and were stopped", budget.Round(time.Second))
			break
		}
		if out.died == "" {
			// The process ended before any check started: nothing to resume.
			rep.Crash = out.output
			break
		}
	}
	rep.Checks = ordered(checks, results, rep.Crash)
	rep.Passed = rep.Crash == "" && len(rep.Checks) > 0
	for _, res := range rep.Checks {
		rep.Passed = rep.Passed && res.Pass
	}
	return rep, nil
}

// RunBudget bounds a whole run of checks: every check may use its full
// deadline, plus time to start and stop.
func RunBudget(checks []Check) time.Duration {
	total := 30 * time.Second
	for _, c := range checks {
		total += c.Limit()
	}
	return total
}

func deadlineOf(ctx context.Context) time.Time {
	d, _ := ctx.Deadline()
	return d
}

func modeOf(t Tier) string {
	if t == TierDeep {
		return ModeDeep
	}
	return ModeFast
}

// build compiles dir's test binary, with the race detector when race is
// set and the machine can build with it. note says why the race detector
// is off when it was asked for and could not be used.
func (r *Runner) build(ctx context.Context, dir string, race bool) (bin, note string, err error) {
	if race {
		bin, err = r.binaryPath(dir, true)
		if err != nil {
			return "", "", err
		}
		raceErr := r.compile(ctx, dir, bin, true)
		if raceErr == nil {
			return bin, "", nil
		}
		var bf *BuildFailure
		if !errors.As(raceErr, &bf) {
			return "", "", raceErr
		}
		// The learner's code may simply not compile; only when it compiles
		// without -race is the race detector itself the problem.
		plain, err := r.binaryPath(dir, false)
		if err != nil {
			return "", "", err
		}
		if err := r.Compile(ctx, dir, plain); err != nil {
			return "", "", err
		}
		return plain, RaceUnavailable(bf.Output), nil
	}
	bin, err = r.binaryPath(dir, false)
	if err != nil {
		return "", "", err
	}
	return bin, "", r.Compile(ctx, dir, bin)
}

// RaceUnavailable words why the deep tier runs without the race detector,
// from what `go test -race` printed.
func RaceUnavailable(output string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(output), "\n")
	return "the race detector cannot run on this machine (" + first + "); the deep tier ran without it"
}

// Compile builds the test binary of the package in dir (relative to Root),
// grader entry file included, at out. On a compile error it returns a
// *BuildFailure as the error.
func (r *Runner) Compile(ctx context.Context, dir, out string) error {
	return r.compile(ctx, dir, out, false)
}

func (r *Runner) compile(ctx context.Context, dir, out string, race bool) error {
	gotool, err := r.goTool()
	if err != nil {
		return err
	}
	args := append([]string{"test", "-c", "-o", out}, r.flags(dir, race)...)
	cmd := exec.CommandContext(ctx, gotool, args...)
	cmd.Dir = r.Root
	cmd.Env = env(race)
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

// pending returns the ids of checks with no result yet, in order.
func pending(checks []Check, results map[string]CheckResult) []string {
	var ids []string
	for _, c := range checks {
		if _, ok := results[c.ID]; !ok {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// NotRun begins the Got of a check that did not run: the code did not
// compile, or the test process stopped before the check.
const NotRun = "not run: "

// Why a check did not run, each beginning with NotRun.
var (
	phraseNoCompile  = NewPhraseForm("notrun.no-compile", NotRun+"the package does not compile")
	phraseStopped    = NewPhraseForm("notrun.stopped", NotRun+"the test process stopped before this check")
	phraseStoppedFor = NewPhraseForm("notrun.stopped-for", NotRun+"{{.Line}}")
)

// notRun returns a result for every check saying why it did not run.
func notRun(checks []Check, why Phrase) []CheckResult {
	out := make([]CheckResult, 0, len(checks))
	for _, c := range checks {
		out = append(out, CheckResult{ID: c.ID, Name: c.Name, Hint: c.Hint, Expected: c.Expect, Got: why.Text, GotPhrases: []Phrase{why}})
	}
	return out
}

// ordered returns the results in the order of checks, with a "not run"
// result for every check that has none.
func ordered(checks []Check, results map[string]CheckResult, crash string) []CheckResult {
	why := phraseStopped.Say(nil)
	if crash != "" {
		why = phraseStoppedFor.Say(map[string]any{"Line": firstLine(crash)})
	}
	out := make([]CheckResult, 0, len(checks))
	for _, c := range checks {
		res, ok := results[c.ID]
		if !ok {
			res = notRun([]Check{c}, why)[0]
		}
		out = append(out, res)
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
