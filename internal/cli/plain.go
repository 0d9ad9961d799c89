package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"authlab/grader"
	"authlab/internal/i18n"
	"authlab/internal/lab"
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
		fmt.Fprintln(w, "\n  "+i18n.T(i18n.CLINoCompile))
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
		fmt.Fprintf(w, "\n  %s\n%s\n", i18n.T(i18n.CLICrashed), indent(excerptLines(rep.Crash, 15), "    "))
	}
	passed, total := rep.Counts()
	if deep := rep.Deep; deep != nil {
		fmt.Fprintf(w, "\n  %s\n", i18n.T(i18n.CLIDeepHeading, i18n.Args{"What": deepSummary(deep)}))
		if note := lab.ReducedNote(deep); note != "" {
			fmt.Fprintf(w, "  %s\n", note)
		}
		printChecks(w, deep, detailed)
		if deep.Crash != "" {
			fmt.Fprintf(w, "\n  %s\n%s\n", i18n.T(i18n.CLIDeepCrashed), indent(excerptLines(deep.Crash, 15), "    "))
		}
		deepPassed, deepTotal := deep.Counts()
		passed, total = passed+deepPassed, total+deepTotal
	} else if !rep.Passed && rep.Build == nil && len(deepChecks) > 0 {
		fmt.Fprintf(w, "\n  %s\n", i18n.T(i18n.CLIDeepNotRun, i18n.Args{"Count": len(deepChecks)}))
	}
	verdict := i18n.CLIVerdictPass
	if !rep.Passed {
		verdict = i18n.CLIVerdictFail
	}
	elapsed := rep.Elapsed
	if rep.Deep != nil {
		elapsed += rep.Deep.Elapsed
	}
	fmt.Fprintf(w, "\n%s\n", i18n.T(verdict, i18n.Args{"Passed": passed, "Total": total, "Seconds": fmt.Sprintf("%.1f", elapsed.Seconds())}))
	if !rep.Passed && rep.Build == nil {
		fmt.Fprintln(w, i18n.T(i18n.CLISeed, i18n.Args{"Seed": rep.Seed, "Stage": rep.Stage}))
	}
}

// deepSummary says what the deep tier adds.
func deepSummary(deep *grader.Report) string {
	if deep.Race != "" {
		return deep.Race
	}
	return i18n.T(i18n.CLIRaceDetector)
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
		field(w, i18n.CLIFieldSent, r.Sent)
		field(w, i18n.CLIFieldExpected, r.Expected)
		field(w, i18n.CLIFieldGot, gotLabel(r.Got))
		field(w, i18n.CLIFieldWhere, r.Where)
		field(w, i18n.CLIFieldDetail, excerptLines(r.Detail, 6))
		field(w, i18n.CLIFieldHint, r.Hint)
	}
	return detailed
}

func gotLabel(got string) string {
	if got == "" {
		return ""
	}
	return got + "   " + i18n.T(i18n.CLIFromYourCode)
}

func field(w io.Writer, name i18n.ID, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(w, "      %s %s\n", padCells(i18n.T(name)+":", 9), strings.ReplaceAll(value, "\n", "\n                "))
}

// padCells pads s with spaces to width terminal cells: a Korean letter
// takes two, so fmt's %-*s, which counts runes, would misalign it.
func padCells(s string, width int) string {
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
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
	return strings.Join(lines[:n], "\n") + "\n" + i18n.T(i18n.MoreLines, i18n.Args{"Count": len(lines) - n})
}
