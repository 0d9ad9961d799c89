package cli

import (
	"fmt"
	"io"
	"strings"

	"authlab/grader"
	"authlab/lessons"
)

// detailedFailures is how many failed checks get the full explanation.
const detailedFailures = 3

// printReport writes a report as plain text, without escape codes. The
// stage's deepChecks are counted when they did not run because a check
// failed. Values are never wrapped: a file:line stays whole.
func printReport(w io.Writer, s lessons.Stage, rep *grader.Report, deepChecks []grader.Check) {
	fmt.Fprintf(w, "%s · %s — %s\n", s.ID, s.Title, rep.Target)
	if rep.Build != nil {
		fmt.Fprintln(w, "\n  Your code does not compile:")
		if len(rep.Build.Errors) == 0 {
			fmt.Fprintln(w, indent(rep.Build.Output, "    "))
		}
		for _, e := range rep.Build.Errors {
			pos := fmt.Sprintf("%s:%d", e.File, e.Line)
			if e.Column > 0 {
				pos += fmt.Sprintf(":%d", e.Column)
			}
			fmt.Fprintf(w, "    %s: %s\n", pos, e.Message)
		}
		fmt.Fprintln(w)
	}
	detailed := printChecks(w, rep, 0)
	if rep.Crash != "" {
		fmt.Fprintf(w, "\n  The test process stopped early. Its last output:\n%s\n", indent(excerptLines(rep.Crash, 15), "    "))
	}
	passed, total := rep.Counts()
	if deep := rep.Deep; deep != nil {
		fmt.Fprintf(w, "\n  Deep checks (once the checks above pass: %s)\n", deepSummary(deep))
		printChecks(w, deep, detailed)
		if deep.Crash != "" {
			fmt.Fprintf(w, "\n  The deep checks' process stopped early. Its last output:\n%s\n", indent(excerptLines(deep.Crash, 15), "    "))
		}
		deepPassed, deepTotal := deep.Counts()
		passed, total = passed+deepPassed, total+deepTotal
	} else if !rep.Passed && rep.Build == nil && len(deepChecks) > 0 {
		fmt.Fprintf(w, "\n  Deep checks (%d): not run yet. They wait for the checks above and run, with the race detector, once every one passes.\n",
			len(deepChecks))
	}
	verdict := "PASS"
	if !rep.Passed {
		verdict = "FAIL"
	}
	elapsed := rep.Elapsed
	if rep.Deep != nil {
		elapsed += rep.Deep.Elapsed
	}
	fmt.Fprintf(w, "\n%s: %d of %d checks pass (%.1fs)\n", verdict, passed, total, elapsed.Seconds())
	if !rep.Passed && rep.Build == nil {
		fmt.Fprintf(w, "Variants were drawn with seed %d: `authlab check %s --seed %d` sends the same ones again.\n", rep.Seed, rep.Stage, rep.Seed)
	}
}

// deepSummary says what the deep tier adds.
func deepSummary(deep *grader.Report) string {
	if deep.Race != "" {
		return deep.Race
	}
	return "run with the race detector"
}

// printChecks writes one line per check of rep, and the full explanation of
// the first failures until detailedFailures are shown in all; it returns
// how many are shown now.
func printChecks(w io.Writer, rep *grader.Report, detailed int) int {
	width := 0
	for _, r := range rep.Checks {
		width = max(width, len(r.ID))
	}
	for _, r := range rep.Checks {
		mark := "✓"
		if !r.Pass {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %-*s  %s\n", mark, width, r.ID, r.Name)
		if r.Pass || rep.Build != nil || detailed == detailedFailures {
			continue
		}
		detailed++
		field(w, "sent", r.Sent)
		field(w, "expected", r.Expected)
		field(w, "got", gotLabel(r.Got))
		field(w, "where", r.Where)
		field(w, "detail", excerptLines(r.Detail, 6))
		field(w, "hint", r.Hint)
	}
	return detailed
}

func gotLabel(got string) string {
	if got == "" {
		return ""
	}
	return got + "   [from your code]"
}

func field(w io.Writer, name, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(w, "      %-9s %s\n", name+":", strings.ReplaceAll(value, "\n", "\n                "))
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n"+prefix)
}

// excerptLines keeps the first n lines of s.
func excerptLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) <= n {
		return strings.TrimSpace(s)
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n… (%d more lines)", len(lines)-n)
}
