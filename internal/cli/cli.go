// Package cli is authlab's command line: one subcommand per lab action, each
// the twin of a key in the TUI, with plain output and exit codes fit for
// scripts and a teacher's CI.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"

	"authlab/grader"
	"authlab/internal/i18n"
	"authlab/internal/lab"
	"authlab/lessons"
)

// Exit codes.
const (
	ExitOK     = 0 // everything passed, or the action succeeded
	ExitFailed = 1 // a check failed, or the action was refused
	ExitUsage  = 2 // the command line was wrong
	ExitBroken = 3 // the lab could not run: no go tool, not a lab, I/O error
	// ExitSignal plus the signal's number is the exit code when a signal
	// stopped the checks, as shells report it: 130 for Ctrl+C (SIGINT),
	// 143 for SIGTERM.
	ExitSignal = 128
)

// Interrupted is the cause (context.Cause) of the end of Run's context
// when a signal asks authlab to stop: Ctrl+C, kill, a closed terminal.
type Interrupted struct {
	Signal syscall.Signal
}

func (e *Interrupted) Error() string {
	name, ok := signalNames[e.Signal]
	if !ok {
		name = e.Signal.String()
	}
	return "authlab was interrupted (" + name + ")"
}

// signalNames names the signals that stop authlab as a learner knows them.
var signalNames = map[syscall.Signal]string{
	syscall.SIGINT:  "SIGINT, Ctrl+C",
	syscall.SIGTERM: "SIGTERM",
	syscall.SIGHUP:  "SIGHUP, the terminal closed",
}

// ExitCode is ExitSignal plus the signal's number.
func (e *Interrupted) ExitCode() int { return ExitSignal + int(e.Signal) }

// Env is what a command may touch of the outside world.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand.
type command struct {
	name, args string
	summary    i18n.ID
	run        func(ctx context.Context, c *call) int
}

var commands []command

func init() {
	commands = []command{
		{"list", "[--json]", i18n.CLICmdList, runList},
		{"check", "[STAGE | --all] [--json] [--junit FILE] [--solution] [--seed N]", i18n.CLICmdCheck, runCheck},
		{"hint", "[STAGE] [N]", i18n.CLICmdHint, runHint},
		{"solution", "[STAGE] [--yes]", i18n.CLICmdSolution, runSolution},
		{"diff", "[STAGE] [--yes]", i18n.CLICmdDiff, runDiff},
		{"reset", "[STAGE] [--yes]", i18n.CLICmdReset, runReset},
		{"serve", "[STAGE] [--solution] [--addr 127.0.0.1:PORT]", i18n.CLICmdServe, runServe},
		{"verify", "[STAGE]", i18n.CLICmdVerify, runVerify},
		{"dev", "new ID", i18n.CLICmdDev, runDev},
	}
}

// call is the context of one command invocation.
type call struct {
	Env
	lab   *lab.Lab
	flags *flag.FlagSet
}

func (c *call) printf(format string, args ...any) { fmt.Fprintf(c.Stdout, format, args...) }

// fail prints a message on stderr and returns code.
func (c *call) fail(code int, format string, args ...any) int {
	fmt.Fprintf(c.Stderr, "authlab: "+format+"\n", args...)
	return code
}

// Run runs the command line in env and returns the process exit code.
func Run(ctx context.Context, env Env) int {
	langFlag, rawArgs := i18n.TakeFlag(env.Args)
	lang, notice := i18n.Choose(langFlag, env.Getenv)
	i18n.Use(lang)
	if notice != "" {
		fmt.Fprintln(env.Stderr, notice)
	}
	global := flag.NewFlagSet("authlab", flag.ContinueOnError)
	global.SetOutput(env.Stderr)
	labDir := global.String("lab", "", "the authlab checkout to use (default: the one containing the current folder)")
	plain := global.Bool("plain", false, "never start the TUI; print plain text")
	global.Usage = func() { usage(env.Stderr) }
	if err := global.Parse(rawArgs); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	args := global.Args()
	name := ""
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		usage(env.Stdout)
		return ExitOK
	}

	dir := *labDir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			fmt.Fprintf(env.Stderr, "authlab: %v\n", err)
			return ExitBroken
		}
		dir = wd
	}
	l, err := lab.Open(dir)
	if err != nil {
		fmt.Fprintf(env.Stderr, "authlab: %v\n", err)
		if name == "check" {
			return reportUnopenedLab(env, args, err.Error())
		}
		return ExitBroken
	}
	if w := l.Progress.Warning(); w != "" && name != "" {
		fmt.Fprintf(env.Stderr, "authlab: %s\n", i18n.T(i18n.CLIWarning, i18n.Args{"Text": w}))
	}

	if name == "" {
		if !*plain && interactive(env) {
			return runTUI(ctx, env, l)
		}
		name, args = "check", nil
	}
	for _, cmd := range commands {
		if cmd.name != name {
			continue
		}
		fs := flag.NewFlagSet("authlab "+name, flag.ContinueOnError)
		fs.SetOutput(env.Stderr)
		c := &call{Env: env, lab: l, flags: fs}
		return cmd.run(ctx, c.withArgs(args))
	}
	fmt.Fprintf(env.Stderr, "authlab: %s\n\n", i18n.T(i18n.CLIUnknownCommand, i18n.Args{"Name": strconv.Quote(name)}))
	usage(env.Stderr)
	return ExitUsage
}

// withArgs stores the raw arguments for the command to parse.
func (c *call) withArgs(args []string) *call {
	c.flags.Usage = func() {}
	c.Args = args
	return c
}

// parse parses the command's flags, allowing flags after positional
// arguments (`check basic-auth --json`), and returns the positionals.
func (c *call) parse() ([]string, error) {
	var positional []string
	args := c.Args
	for {
		if err := c.flags.Parse(args); err != nil {
			return nil, err
		}
		if c.flags.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, c.flags.Arg(0))
		args = c.flags.Args()[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, i18n.T(i18n.CLIUsageTitle))
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T(i18n.CLIUsageHeading))
	fmt.Fprintf(w, "  authlab %-15s %s\n", "", i18n.T(i18n.CLIUsageOpen))
	for _, cmd := range commands {
		fmt.Fprintf(w, "  authlab %-15s %s\n", cmd.name, i18n.T(cmd.summary))
		if cmd.args != "" {
			fmt.Fprintf(w, "  %-23s %s %s\n", "", cmd.name, cmd.args)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.T(i18n.CLIUsageGlobal, i18n.Args{"Langs": strings.Join(i18n.Supported, ", ")}))
	fmt.Fprintln(w, i18n.T(i18n.CLIUsageFooter))
}

// interactive reports whether stdin and stdout are both a terminal that
// can show the TUI: not /dev/null, a file or a pipe, and TERM is not dumb.
func interactive(env Env) bool {
	term := env.Getenv("TERM")
	return stdinTerminal(env) && terminal(env.Stdout) && term != "" && term != "dumb"
}

// stageFrom resolves the optional STAGE argument.
func (c *call) stageFrom(positional []string) (lessons.Stage, int) {
	switch len(positional) {
	case 0:
		return c.lab.Next(), ExitOK
	case 1:
		s, err := c.lab.Stage(positional[0])
		if err != nil {
			return s, c.fail(ExitUsage, "%v", err)
		}
		return s, ExitOK
	}
	return lessons.Stage{}, c.fail(ExitUsage, "%s", i18n.T(i18n.CLITooManyArgs, i18n.Args{"Args": strings.Join(positional, " ")}))
}

// parseStage parses the command's flags and its optional STAGE argument.
func (c *call) parseStage() (lessons.Stage, int) {
	positional, err := c.parse()
	if err != nil {
		return lessons.Stage{}, ExitUsage
	}
	return c.stageFrom(positional)
}

// brokenRun reports an error from running the grader itself, or, when a
// signal stopped the run, that authlab was interrupted.
func (c *call) brokenRun(ctx context.Context, err error) int {
	if code, stopped := c.interrupted(ctx); stopped {
		return code
	}
	return c.fail(ExitBroken, "%s", brokenMessage(err))
}

// interrupted reports, when a signal ended ctx, that authlab was
// interrupted, and returns the exit code for it.
func (c *call) interrupted(ctx context.Context) (code int, stopped bool) {
	var sig *Interrupted
	if !errors.As(context.Cause(ctx), &sig) {
		return 0, false
	}
	return c.fail(sig.ExitCode(), "%s", i18n.T(i18n.CLIInterrupted, i18n.Args{"Signal": sig})), true
}

// brokenMessage says why the grader could not run.
func brokenMessage(err error) string {
	if errors.Is(err, grader.ErrNoGoTool) {
		return err.Error()
	}
	return i18n.T(i18n.CLIChecksBroken, i18n.Args{"Err": err})
}
