// Package textdiff compares two texts line by line, for showing a learner's
// file next to the reference solution.
package textdiff

import (
	"fmt"
	"strings"
)

// Op is what happened to a line.
type Op int

// The line operations.
const (
	Equal  Op = iota // in both texts
	Delete           // only in the first text
	Insert           // only in the second text
)

// Line is one line of a diff.
type Line struct {
	Op   Op
	Text string
}

// Lines returns the shortest edit script turning a into b, line by line
// (a longest-common-subsequence diff; lab files are small).
func Lines(a, b string) []Line {
	x, y := split(a), split(b)
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			out = append(out, Line{Equal, x[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, Line{Delete, x[i]})
			i++
		default:
			out = append(out, Line{Insert, y[j]})
			j++
		}
	}
	for ; i < len(x); i++ {
		out = append(out, Line{Delete, x[i]})
	}
	for ; j < len(y); j++ {
		out = append(out, Line{Insert, y[j]})
	}
	return out
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// Unified renders the diff of a and b in unified format with the given
// number of context lines, or "" when the texts are equal.
func Unified(nameA, nameB, a, b string, context int) string {
	lines := Lines(a, b)
	var hunks []string
	for start := 0; start < len(lines); {
		// Find the next change.
		for start < len(lines) && lines[start].Op == Equal {
			start++
		}
		if start == len(lines) {
			break
		}
		lo := max(0, start-context)
		end := start
		// Extend while changes are within 2*context of each other.
		for end < len(lines) {
			if lines[end].Op != Equal {
				end++
				continue
			}
			run := end
			for run < len(lines) && lines[run].Op == Equal {
				run++
			}
			if run == len(lines) || run-end > 2*context {
				end = min(len(lines), end+context)
				break
			}
			end = run
		}
		hunks = append(hunks, hunk(lines, lo, end))
		start = end
	}
	if len(hunks) == 0 {
		return ""
	}
	return fmt.Sprintf("--- %s\n+++ %s\n%s", nameA, nameB, strings.Join(hunks, ""))
}

// hunk renders lines[lo:hi] with its @@ header.
func hunk(lines []Line, lo, hi int) string {
	aStart, bStart := 1, 1
	for _, l := range lines[:lo] {
		if l.Op != Insert {
			aStart++
		}
		if l.Op != Delete {
			bStart++
		}
	}
	var body strings.Builder
	aLen, bLen := 0, 0
	for _, l := range lines[lo:hi] {
		prefix := " "
		switch l.Op {
		case Delete:
			prefix = "-"
			aLen++
		case Insert:
			prefix = "+"
			bLen++
		default:
			aLen++
			bLen++
		}
		body.WriteString(prefix + l.Text + "\n")
	}
	return fmt.Sprintf("@@ -%d,%d +%d,%d @@\n%s", aStart, aLen, bStart, bLen, body.String())
}
