package cli

import (
	"context"
	"path"
	"strings"

	"authlab/grader"
	"authlab/grader/stages"
	"authlab/internal/lab"
	"authlab/lessons"
)

// raceNote says when deep checks ran without the race detector.
func raceNote(deep *grader.Report) string {
	if deep == nil || deep.Race == "" {
		return ""
	}
	return " (without the race detector: " + deep.Race + ")"
}

// runVerify proves the course is sound, for its authors: the content lints,
// every solution passes all its checks and every starter in lessons/starters
// compiles and fails. A learner's exercises are not judged: an exercise that
// is not its starter is only mentioned. Given a STAGE, it proves only that
// stage (and still lints the whole course).
func runVerify(ctx context.Context, c *call) int {
	positional, err := c.parse()
	if err != nil {
		return ExitUsage
	}
	verified := c.lab.Course.Stages
	if len(positional) > 0 {
		s, code := c.stageFrom(positional)
		if code != ExitOK {
			return code
		}
		verified = []lessons.Stage{s}
	}
	c.printf("verify judges the course for its authors: the starters in lessons/starters, the solutions and the manifest; your exercises are not judged.\n\n")
	ok := true
	bad := func(format string, args ...any) {
		ok = false
		c.printf("  ✗ "+format+"\n", args...)
	}
	if errs := c.lab.Lint(); len(errs) > 0 {
		c.printf("course content\n")
		for _, err := range errs {
			bad("%v", err)
		}
	}
	checks := c.lab.Runner
	for _, s := range verified {
		c.printf("%s\n", s.ID)
		rep, _, err := c.lab.Check(ctx, s, lab.Solution, lab.CheckOptions{})
		if err != nil {
			return c.brokenRun(ctx, err)
		}
		passed, total := rep.Counts()
		switch {
		case !rep.Passed && rep.Deep == nil:
			bad("%s passes only %d of %d checks: run `authlab check %s --solution`", rep.Target, passed, total, s.ID)
		case !rep.Passed:
			deepPassed, deepTotal := rep.Deep.Counts()
			bad("%s passes only %d of %d deep checks: run `authlab check %s --solution`", rep.Target, deepPassed, deepTotal, s.ID)
		case rep.Deep == nil:
			c.printf("  ✓ %s passes %d of %d checks\n", rep.Target, passed, total)
		default:
			deepPassed, _ := rep.Deep.Counts()
			c.printf("  ✓ %s passes %d of %d checks and %d deep checks%s\n", rep.Target, passed, total, deepPassed, raceNote(rep.Deep))
		}

		starterDir := path.Join("lessons", "starters", s.Package)
		gs, _ := stages.Lookup(s.ID)
		rep, err = checks.Run(ctx, gs, starterDir, grader.RunOptions{})
		if err != nil {
			return c.brokenRun(ctx, err)
		}
		passed, total = rep.Counts()
		switch {
		case rep.Build != nil:
			bad("%s does not compile; a starter must compile as shipped:\n%s", starterDir, rep.Build.Output)
		case rep.Crash != "":
			bad("%s crashed the test process:\n%s", starterDir, rep.Crash)
		case rep.Passed:
			bad("%s passes every check; a starter must fail", starterDir)
		default:
			c.printf("  ✓ %s fails %d of %d checks, as a starter should\n", starterDir, total-passed, total)
		}

		if drift, err := c.lab.Drift(s); err == nil && len(drift) > 0 {
			c.printf("  · %s differ from %s: edited since checkout (not judged by verify)\n", strings.Join(drift, ", "), starterDir)
		}
	}
	if !ok {
		c.printf("\nverify: FAILED\n")
		return ExitFailed
	}
	c.printf("\nverify: OK\n")
	return ExitOK
}
