package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/x/ansi"

	"authlab/grader"
	"authlab/internal/i18n"
	"authlab/internal/lab"
	"authlab/lessons"
)

// checkJSON is the document `check --json` prints: one report per stage.
type checkJSON struct {
	Passed bool             `json:"passed"`
	Stages []*grader.Report `json:"stages"`
}

// checkFlags are the flags of check.
type checkFlags struct {
	all, asJSON, solution *bool
	seed                  *uint64
	junit                 *string
}

// newCheckFlags defines check's flags on fs.
func newCheckFlags(fs *flag.FlagSet) checkFlags {
	return checkFlags{
		all:      fs.Bool("all", false, "check every stage"),
		asJSON:   fs.Bool("json", false, "print one JSON document instead of text"),
		solution: fs.Bool("solution", false, "grade the reference solution instead of your exercise"),
		seed:     fs.Uint64("seed", 0, "replay the variants of an earlier run (its report prints the seed)"),
		junit:    fs.String("junit", "", "also write the results as JUnit XML to this file, for CI"),
	}
}

func runCheck(ctx context.Context, c *call) int {
	f := newCheckFlags(c.flags)
	positional, err := c.parse()
	if err != nil {
		return ExitUsage
	}
	var stages []lessons.Stage
	if *f.all {
		if len(positional) > 0 {
			return c.fail(ExitUsage, "%s", i18n.T(i18n.CLIStageOrAll))
		}
		stages = c.lab.Course.Stages
	} else {
		s, code := c.stageFrom(positional)
		if code != ExitOK {
			return code
		}
		stages = []lessons.Stage{s}
	}
	target := lab.Exercise
	if *f.solution {
		target = lab.Solution
	}

	doc := checkJSON{Passed: true}
	var results []graded
	for i, s := range stages {
		if !*f.asJSON && !*f.all {
			_ = c.lab.Progress.SetCurrent(s.ID)
		}
		opts := lab.CheckOptions{Seed: *f.seed}
		if !*f.asJSON {
			opts.OnEvent = c.sayDeepBuild
		}
		rep, restored, err := c.lab.Check(ctx, s, target, opts)
		var missing *lab.MissingFileError
		if errors.As(err, &missing) {
			code := c.fail(ExitFailed, "%s", i18n.T(i18n.CLIMissingFile, i18n.Args{"Err": err, "Stage": s.ID}))
			results = append(results, graded{stage: s, missing: missing, checks: c.lab.Checks(s), deepChecks: c.lab.DeepChecks(s)})
			return c.writeJUnit(*f.junit, results, code)
		}
		if err != nil {
			if code, stopped := c.interrupted(ctx); stopped {
				return code
			}
			// CI's test reporter shows why, rather than nothing.
			why := brokenMessage(err)
			for _, rest := range stages[i:] {
				results = append(results, graded{stage: rest, broken: why})
			}
			return c.writeJUnit(*f.junit, results, c.fail(ExitBroken, "%s", why))
		}
		doc.Passed = doc.Passed && rep.Passed
		doc.Stages = append(doc.Stages, rep)
		results = append(results, graded{stage: s, rep: rep, deepChecks: c.lab.DeepChecks(s)})
		if *f.asJSON {
			continue
		}
		if restored {
			c.printf("%s\n", i18n.T(i18n.CLIEntryRestored, i18n.Args{"File": s.ExerciseDir() + "/" + lessons.EntryFile}))
		}
		printReport(c.Stdout, s, rep, c.lab.DeepChecks(s))
		if rep.Passed && target == lab.Exercise && !*f.all {
			printNext(c, s)
		}
	}
	if *f.asJSON {
		if code := printJSONValue(c, doc); code != ExitOK {
			return code
		}
	}
	code := ExitOK
	if !doc.Passed {
		code = ExitFailed
	}
	return c.writeJUnit(*f.junit, results, code)
}

// writeJUnit writes the JUnit report of results to path, when --junit
// asked for one, and returns code, or ExitBroken if the report could not
// be written.
func (c *call) writeJUnit(path string, results []graded, code int) int {
	if path == "" {
		return code
	}
	if err := writeJUnit(path, junitDocument(results)); err != nil {
		return c.fail(ExitBroken, "%s", i18n.T(i18n.CLIJUnitFailed, i18n.Args{"Err": err}))
	}
	return code
}

// reportUnopenedLab writes the JUnit report that `check --junit FILE`
// asks for when the lab could not even be opened (not inside a checkout,
// progress unreadable): one error per requested stage saying why, so that
// CI's test reporter shows it. It returns ExitBroken.
func reportUnopenedLab(env Env, args []string, why string) int {
	fs := flag.NewFlagSet("authlab check", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the command line is judged once a lab opens
	c := (&call{Env: env, flags: fs}).withArgs(args)
	f := newCheckFlags(fs)
	positional, err := c.parse()
	if err != nil || *f.junit == "" {
		return ExitBroken
	}
	var stages []lessons.Stage
	course, err := lessons.Load()
	switch {
	case err != nil:
	case *f.all:
		stages = course.Stages
	case len(positional) > 0:
		s, ok := course.Stage(positional[0])
		if !ok {
			s = lessons.Stage{ID: positional[0]}
		}
		stages = []lessons.Stage{s}
	}
	if len(stages) == 0 { // which stage is current is in the progress of a lab
		stages = []lessons.Stage{{ID: "current-stage", Title: "the stage you are working on"}}
	}
	var results []graded
	for _, s := range stages {
		results = append(results, graded{stage: s, broken: why})
	}
	return c.writeJUnit(*f.junit, results, ExitBroken)
}

// sayDeepBuild tells, on stderr, that every check passed and the deep
// checks are being built, which the first time takes about a minute: the
// report itself is printed only at the end.
func (c *call) sayDeepBuild(ev grader.Event) {
	if ev.Tier == grader.TierDeep && ev.Phase == grader.PhaseCompiling && ev.Check == nil {
		fmt.Fprintln(c.Stderr, i18n.T(i18n.CLIPreparingDeep))
	}
}

// printNext congratulates and points at the next stage.
func printNext(c *call, s lessons.Stage) {
	i := c.lab.Course.Index(s.ID)
	if i+1 < len(c.lab.Course.Stages) {
		next := c.lab.Course.Stages[i+1]
		c.printf("\n%s\n", i18n.T(i18n.CLIStagePassedNext, i18n.Args{"Title": next.Title, "Stage": next.ID}))
		return
	}
	c.printf("\n%s\n", i18n.T(i18n.CLIStagePassedLast))
}

func runList(ctx context.Context, c *call) int {
	asJSON := c.flags.Bool("json", false, "print JSON")
	if _, err := c.parse(); err != nil {
		return ExitUsage
	}
	type row struct {
		ID       string     `json:"id"`
		Title    string     `json:"title"`
		Passed   bool       `json:"passed"`
		PassedAt *time.Time `json:"passed_at,omitempty"`
		Unlocked bool       `json:"unlocked"`
		Exercise string     `json:"exercise"`
	}
	var rows []row
	for _, s := range c.lab.Course.Stages {
		r := row{ID: s.ID, Title: s.Title, Unlocked: c.lab.Unlocked(s.ID), Exercise: s.ExerciseFile()}
		if at, ok := c.lab.Progress.PassedAt(s.ID); ok {
			r.Passed, r.PassedAt = true, &at
		}
		rows = append(rows, r)
	}
	if *asJSON {
		return printJSONValue(c, rows)
	}
	passed, idWidth, titleWidth := 0, 0, 0
	for _, r := range rows {
		idWidth, titleWidth = max(idWidth, len(r.ID)), max(titleWidth, ansi.StringWidth(r.Title))
	}
	current := c.lab.Next().ID
	for i, r := range rows {
		mark := " "
		switch {
		case r.Passed:
			mark, passed = "✓", passed+1
		case r.ID == current:
			mark = "●"
		case !r.Unlocked:
			mark = "-"
		}
		c.printf("%s %d. %-*s  %s  %s\n", mark, i+1, idWidth, r.ID, padCells(r.Title, titleWidth), r.Exercise)
	}
	c.printf("\n%s\n", i18n.T(i18n.CLIListPassed, i18n.Args{"Passed": passed, "Count": len(rows)}))
	return ExitOK
}

func printJSONValue(c *call, v any) int {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	fmt.Fprintln(c.Stdout, string(b))
	return ExitOK
}
