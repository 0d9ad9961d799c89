package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"strings"
	"testing"
)

// junitDoc is what `check --junit FILE` writes, as far as the tests read it.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// assertJUnitMatches checks that the JUnit report at path tells what the
// JSON document of the same run tells: the same stages, and a failure for
// each failed check, with its expected and got.
func assertJUnitMatches(t *testing.T, path string, doc checkDoc) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("check --junit wrote no report: %v", err)
	}
	var report junitDoc
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	if err := dec.Decode(&report); err != nil {
		t.Fatalf("the JUnit report is not valid XML: %v\n%s", err, b)
	}
	if len(report.Suites) != len(doc.Stages) {
		t.Fatalf("%d testsuites, want one per stage (%d)", len(report.Suites), len(doc.Stages))
	}
	for i, st := range doc.Stages {
		suite := report.Suites[i]
		failed := map[string]string{}
		for _, c := range st.Checks {
			if !c.Pass {
				failed[c.ID] = "expected: " + c.Expected + "; got: " + c.Got
			}
		}
		if suite.Name != st.Stage || suite.Failures != len(failed) || suite.Skipped == 0 || suite.Tests != len(suite.Cases) {
			t.Errorf("testsuite %q: %d failures, %d skipped, tests=%d for %d testcases; want %q, %d failures, the deep checks skipped",
				suite.Name, suite.Failures, suite.Skipped, suite.Tests, len(suite.Cases), st.Stage, len(failed))
		}
		for _, tc := range suite.Cases {
			id, _, _ := strings.Cut(tc.Name, ":")
			want, isFailed := failed[id]
			switch {
			case isFailed && tc.Failure == nil:
				t.Errorf("%s %s failed but its testcase has no failure", st.Stage, id)
			case isFailed && (tc.Failure.Message != strings.ReplaceAll(want, "\n", " ") || !strings.Contains(tc.Failure.Body, "hint: ")):
				t.Errorf("%s %s: failure %q with body\n%s\nwant message %q and a hint", st.Stage, id, tc.Failure.Message, tc.Failure.Body, want)
			}
		}
	}
}
