package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"authlab/internal/labcopy"
	"authlab/lessons"
)

// TestJUnitWhenTheLabCannotRun asks for a JUnit report from a lab that
// cannot run at all: check must still write one, one <error> testcase per
// requested stage with the message the terminal gets, and exit 3, so that
// CI's test reporter shows why instead of nothing.
func TestJUnitWhenTheLabCannotRun(t *testing.T) {
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, s := range course.Stages {
		all = append(all, s.ID)
	}
	labDir := labcopy.New(t)
	tests := []struct {
		name   string
		lab    string // "" for no lab at all
		noGo   bool
		args   []string
		suites []string
	}{
		{name: "no go on PATH", lab: labDir, noGo: true, args: []string{"basic-auth"}, suites: []string{"basic-auth"}},
		{name: "no go on PATH, every stage", lab: labDir, noGo: true, args: []string{"--all"}, suites: all},
		{name: "not inside a checkout, every stage", args: []string{"--all", "--json"}, suites: all},
		{name: "not inside a checkout, one stage", args: []string{"rbac"}, suites: []string{"rbac"}},
		{name: "not inside a checkout, the current stage", suites: []string{"current-stage"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.lab
			if dir == "" {
				dir = t.TempDir()
			}
			if tt.noGo {
				t.Setenv("PATH", t.TempDir())
			}
			report := filepath.Join(t.TempDir(), "junit.xml")
			var stdout, stderr bytes.Buffer
			args := append([]string{"--lab", dir, "check", "--junit", report}, tt.args...)
			code := Run(context.Background(), Env{Args: args, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
				Getenv: func(string) string { return "" }})
			if code != ExitBroken || !strings.HasPrefix(stderr.String(), "authlab: ") {
				t.Errorf("exit %d, want %d; stderr %s", code, ExitBroken, stderr.String())
			}
			said := strings.TrimSuffix(strings.TrimPrefix(stderr.String(), "authlab: "), "\n")
			b, err := os.ReadFile(report)
			if err != nil {
				t.Fatalf("no JUnit report: %v", err)
			}
			var doc junitSuites
			dec := xml.NewDecoder(bytes.NewReader(b))
			dec.Strict = true
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("the JUnit report is not valid XML: %v\n%s", err, b)
			}
			if doc.Errors != len(tt.suites) || len(doc.Suites) != len(tt.suites) {
				t.Fatalf("%d errors in %d suites, want one error in each of %q:\n%s", doc.Errors, len(doc.Suites), tt.suites, b)
			}
			for i, suite := range doc.Suites {
				if suite.Name != tt.suites[i] || len(suite.Cases) != 1 || suite.Cases[0].Error == nil ||
					suite.Cases[0].Error.Message != said || suite.Errors != 1 || suite.Tests != 1 {
					t.Errorf("suite %d: %+v; want %s with one error saying %q", i, suite, tt.suites[i], said)
				}
			}
		})
	}
}
