package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"

	"authlab/internal/i18n"
)

func runHint(ctx context.Context, c *call) int {
	positional, err := c.parse()
	if err != nil {
		return ExitUsage
	}
	n := 0
	if len(positional) > 0 {
		if v, err := strconv.Atoi(positional[len(positional)-1]); err == nil {
			n, positional = v, positional[:len(positional)-1]
		}
	}
	s, code := c.stageFrom(positional)
	if code != ExitOK {
		return code
	}
	if n < 0 || n > len(s.Hints) {
		return c.fail(ExitUsage, "%s", i18n.T(i18n.CLIHintRange, i18n.Args{"Stage": s.ID, "Count": len(s.Hints)}))
	}
	for i, h := range s.Hints {
		if n == 0 || n == i+1 {
			c.printf("%d/%d  %s\n", i+1, len(s.Hints), h)
		}
	}
	return ExitOK
}

func runSolution(ctx context.Context, c *call) int {
	yes := c.flags.Bool("yes", false, "show it even if the stage is not passed yet")
	s, code := c.parseStage()
	if code != ExitOK {
		return code
	}
	if !c.lab.Progress.Passed(s.ID) && !*yes {
		code := c.confirm(i18n.T(i18n.CLIAskSolution, i18n.Args{"Stage": s.ID}),
			i18n.T(i18n.CLIRefuseSolution, i18n.Args{"Stage": s.ID}))
		if code != ExitOK {
			return code
		}
	}
	text, err := c.lab.SolutionText(s)
	if err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	c.printf("// %s\n%s", s.SolutionFile(), text)
	return ExitOK
}

func runDiff(ctx context.Context, c *call) int {
	yes := c.flags.Bool("yes", false, "show it even if the stage is not passed yet")
	s, code := c.parseStage()
	if code != ExitOK {
		return code
	}
	if !c.lab.Progress.Passed(s.ID) && !*yes {
		code := c.confirm(i18n.T(i18n.CLIAskDiff, i18n.Args{"Stage": s.ID}),
			i18n.T(i18n.CLIRefuseDiff, i18n.Args{"Stage": s.ID}))
		if code != ExitOK {
			return code
		}
	}
	mine, err := c.lab.ExerciseText(s)
	if err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	ref, err := c.lab.SolutionText(s)
	if err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	c.printDiff(s, mine, ref)
	return ExitOK
}

func runReset(ctx context.Context, c *call) int {
	yes := c.flags.Bool("yes", false, "do not ask")
	s, code := c.parseStage()
	if code != ExitOK {
		return code
	}
	if !*yes {
		code := c.confirm(i18n.T(i18n.CLIAskReset, i18n.Args{"File": s.ExerciseFile()}),
			i18n.T(i18n.CLIRefuseReset, i18n.Args{"File": s.ExerciseFile()}))
		if code != ExitOK {
			return code
		}
	}
	if err := c.lab.Reset(s); err != nil {
		return c.fail(ExitBroken, "%v", err)
	}
	c.printf("%s\n", i18n.T(i18n.CLIResetDone, i18n.Args{"File": s.ExerciseFile()}))
	return ExitOK
}

// confirm asks a yes/no question on the terminal, on stderr so that
// stdout can go to a file; any answer but yes refuses with ExitFailed.
// With no terminal to ask on (a script, CI, input from a pipe) it refuses
// with ExitUsage and prints refusal, which names the flag that skips the
// question.
func (c *call) confirm(question, refusal string) int {
	if !stdinTerminal(c.Env) {
		return c.fail(ExitUsage, "%s", refusal)
	}
	fmt.Fprintf(c.Stderr, "%s [y/N] ", question)
	line, err := bufio.NewReader(c.Stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	if answer == "y" || answer == "yes" {
		return ExitOK
	}
	if err != nil { // ctrl+d: end the prompt's line
		fmt.Fprintln(c.Stderr)
	}
	return c.fail(ExitFailed, "%s", i18n.T(i18n.CLILeftAsItWas))
}

// stdinTerminal reports whether standard input is a terminal a person
// can answer a question on.
func stdinTerminal(env Env) bool { return terminal(env.Stdin) }

// terminal reports whether v is a file open on a terminal (a character
// device such as /dev/null is not one).
func terminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
