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

// printReport writes a report as plain text, without escape codes.
func printReport(w io.Writer, s lessons.Stage, rep *grader.Report) {
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
	width := 0
	for _, r := range rep.Checks {
		width = max(width, len(r.ID))
	}
	detailed := 0
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
		field(w, "detail", excerptLines(r.Detail, 6))
		field(w, "hint", r.Hint)
	}
	if rep.Crash != "" {
		fmt.Fprintf(w, "\n  The test process stopped early. Its last output:\n%s\n", indent(excerptLines(rep.Crash, 15), "    "))
	}
	passed, total := rep.Counts()
	verdict := "PASS"
	if !rep.Passed {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "\n%s: %d of %d checks pass (%.1fs)\n", verdict, passed, total, rep.Elapsed.Seconds())
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
