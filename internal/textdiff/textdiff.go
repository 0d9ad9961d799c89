// Package textdiff compares two texts line by line, for showing a learner's
// file next to the reference solution.
package textdiff

import "strings"

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
