package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"authlab/lessons"
)

// TestDiffShowsTheCodeHunks holds `authlab diff` to the Diff tab's view:
// the hunks that change code with their +/- lines, the rest folded, no @@
// headers, and colour only when asked for.
func TestDiffShowsTheCodeHunks(t *testing.T) {
	stage := lessons.Stage{ID: "basic-auth", Package: "basicauth", Edit: "auth.go"}
	var body strings.Builder
	for i := range 8 {
		body.WriteString("same" + strings.Repeat("!", i) + "()\n")
	}
	mine := "// Package a: fill in the TODOs.\npackage a\n\n" + body.String() + "old()\n"
	ref := "// Package a is the reference solution.\n//\n// It explains itself.\npackage a\n\n" + body.String() + "new()\n"
	tests := []struct {
		name      string
		mine, ref string
		colour    bool
		want      string
	}{
		{
			name: "plain, the package doc folded with the unchanged lines",
			mine: mine, ref: ref,
			want: "--- exercises/basicauth/auth.go (yours)\n" +
				"+++ solutions/basicauth/auth.go (the solution)\n" +
				"⋯ 8 lines, only comments differ\n" +
				" same!!!!!()\n same!!!!!!()\n same!!!!!!!()\n" +
				"-old()\n+new()\n",
		},
		{
			name: "coloured on a terminal",
			mine: "a()\nold()\n", ref: "a()\nnew()\n", colour: true,
			want: "\x1b[1m--- exercises/basicauth/auth.go (yours)\x1b[0m\n" +
				"\x1b[1m+++ solutions/basicauth/auth.go (the solution)\x1b[0m\n" +
				" a()\n\x1b[31m-old()\x1b[0m\n\x1b[32m+new()\x1b[0m\n",
		},
		{
			name: "only comments differ",
			mine: "// TODO: explain\nfunc F() {}\n", ref: "// F explains itself.\nfunc F() {}\n",
			want: "Only comments differ: the code of your exercises/basicauth/auth.go matches the reference solution's.\n",
		},
		{
			name: "identical",
			mine: "func F() {}\n", ref: "func F() {}\n",
			want: "exercises/basicauth/auth.go is identical to solutions/basicauth/auth.go.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			writeDiff(&out, stage, tt.mine, tt.ref, tt.colour)
			if out.String() != tt.want {
				t.Errorf("diff =\n%q\nwant\n%q", out.String(), tt.want)
			}
		})
	}
}

// TestDiffOfTheRealStarter runs the diff on stage 1's starter and solution
// as a learner who has not started sees it: the package docs that differ
// are folded away, the code the solution adds shows, and nothing is
// coloured when stdout is not a terminal.
func TestDiffOfTheRealStarter(t *testing.T) {
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := course.Stages[0]
	starter, err := lessons.Starter(s)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(s.SolutionFile())))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := &call{Env: Env{Stdout: &out, Getenv: func(string) string { return "xterm-256color" }}}
	c.printDiff(s, string(starter[s.Edit]), string(ref))
	got := out.String()
	for _, want := range []string{"only comments differ\n", "\n-\t// TODO", "\n+", "\n "} {
		if !strings.Contains(got, want) {
			t.Errorf("the diff lacks %q:\n%s", want, got)
		}
	}
	for _, noise := range []string{"@@", "\x1b[", "// Package "} {
		if strings.Contains(got, noise) {
			t.Errorf("the diff holds %q:\n%s", noise, got)
		}
	}
}
