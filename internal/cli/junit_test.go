package cli

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/internal/lab"
	"authlab/lessons"
)

// junitStage is the stage the JUnit tests report on.
var junitStage = lessons.Stage{ID: "basic-auth", Title: "Basic auth: a shared secret"}

// junitDeepChecks are the stage's deep checks, as the lab names them.
var junitDeepChecks = []grader.Check{{ID: "differential-deep", Name: "Variants, with the race detector"}}

// parseJUnit marshals doc as writeJUnit does and reads it back with a
// strict XML decoder, failing the test when it is not valid XML.
func parseJUnit(t *testing.T, doc junitSuites) junitSuites {
	t.Helper()
	b, err := xml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var back junitSuites
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	if err := dec.Decode(&back); err != nil {
		t.Fatalf("the JUnit document is not valid XML: %v\n%s", err, b)
	}
	return back
}

func TestJUnitDocument(t *testing.T) {
	passing := grader.CheckResult{ID: "missing-header-401", Name: "No header is 401", Pass: true, Millis: 41}
	failing := grader.CheckResult{ID: "wrong-secret-403", Name: "A wrong secret is 403", Sent: "POST /mcp with Bearer <wrong>",
		Expected: "403", Got: "200 OK and the tool ran", Where: "exercises/basicauth/auth.go:12", Detail: "the body was {}",
		Hint: "Compare the secret in constant time.", Millis: 30}
	report := func(passed bool, checks ...grader.CheckResult) *grader.Report {
		return &grader.Report{Stage: "basic-auth", Target: "exercises/basicauth", Tier: "fast", Passed: passed, Seed: 42,
			Elapsed: 1500 * time.Millisecond, Checks: checks}
	}
	notRun := func(why string) grader.CheckResult {
		return grader.CheckResult{ID: "wrong-secret-403", Name: "A wrong secret is 403", Expected: "403", Got: grader.NotRun + why}
	}

	withDeep := report(true, passing)
	withDeep.Deep = &grader.Report{Stage: "basic-auth", Tier: "deep", Passed: true, Seed: 42, Elapsed: 2 * time.Second,
		Race: "the race detector cannot run on this machine", Checks: []grader.CheckResult{{ID: "differential-deep", Name: "Variants", Pass: true}}}
	compile := report(false, notRun("the package does not compile"))
	compile.Build = &grader.BuildFailure{Errors: []grader.CompileError{{File: "exercises/basicauth/auth.go", Line: 7, Column: 3, Message: "syntax error"}}}
	crash := report(false, failing, notRun("panic: boom"))
	crash.Crash = "panic: boom\ngoroutine 1"

	type want struct {
		tests, failures, errors, skipped int
		time                             string
		properties                       []string // name=value
		// problem, for the last testcase: "failure", "error", "skipped" or "".
		problem, message string
		body             []string
	}
	tests := []struct {
		name    string
		rep     *grader.Report
		missing string // the exercise file that is missing, instead of rep
		want    want
	}{
		{
			name: "a stage that passes both tiers",
			rep:  withDeep,
			want: want{tests: 2, time: "3.500", properties: []string{"seed=42", "target=exercises/basicauth", "race=the race detector cannot run on this machine"}},
		},
		{
			name: "a failed check, so the deep checks are skipped",
			rep:  report(false, passing, failing),
			want: want{tests: 3, failures: 1, skipped: 1, time: "1.500", properties: []string{"seed=42"},
				problem: "skipped", message: deepNotRun},
		},
		{
			name: "a failed check's message and body",
			rep:  report(false, failing),
			want: want{tests: 2, failures: 1, skipped: 1, time: "1.500", problem: "failure:0",
				message: "expected: 403; got: 200 OK and the tool ran",
				body: []string{"sent: POST /mcp with Bearer <wrong>", "where: exercises/basicauth/auth.go:12", "detail: the body was {}",
					"hint: Compare the secret in constant time.", "replay: authlab check basic-auth --seed 42"}},
		},
		{
			name: "code that does not compile",
			rep:  compile,
			want: want{tests: 2, errors: 1, skipped: 1, time: "1.500", problem: "error:0",
				message: "not run: the code does not compile", body: []string{"exercises/basicauth/auth.go:7:3: syntax error"}},
		},
		{
			name: "a test process that stopped early",
			rep:  crash,
			want: want{tests: 3, failures: 1, errors: 1, skipped: 1, time: "1.500", problem: "error:1",
				message: "not run: panic: boom", body: []string{"panic: boom\ngoroutine 1"}},
		},
		{
			name:    "an exercise file that is missing",
			missing: "exercises/basicauth/auth.go",
			want: want{tests: 3, errors: 2, skipped: 1, time: "0.000", properties: []string{"title=Basic auth: a shared secret"}, problem: "error:1",
				message: "not run: exercises/basicauth/auth.go is missing", body: []string{"`authlab reset basic-auth` puts the starter back"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := graded{stage: junitStage, rep: tt.rep, deepChecks: junitDeepChecks}
			if tt.missing != "" {
				g.missing = &lab.MissingFileError{Path: tt.missing}
				g.checks = []grader.Check{{ID: "missing-header-401", Name: "No header is 401"}, {ID: "wrong-secret-403", Name: "A wrong secret is 403"}}
			}
			doc := parseJUnit(t, junitDocument([]graded{g}))
			if len(doc.Suites) != 1 {
				t.Fatalf("%d testsuites, want one per stage", len(doc.Suites))
			}
			s := doc.Suites[0]
			got := want{tests: s.Tests, failures: s.Failures, errors: s.Errors, skipped: s.Skipped, time: s.Time}
			if got.tests != tt.want.tests || got.failures != tt.want.failures || got.errors != tt.want.errors || got.skipped != tt.want.skipped || got.time != tt.want.time {
				t.Errorf("suite counts %+v, want %+v", got, tt.want)
			}
			if s.Name != "basic-auth" || len(s.Cases) != s.Tests || doc.Tests != s.Tests || doc.Failures != s.Failures || doc.Errors != s.Errors {
				t.Errorf("suite %q has %d testcases for tests=%d; document counts %d/%d/%d", s.Name, len(s.Cases), s.Tests, doc.Tests, doc.Failures, doc.Errors)
			}
			props := map[string]bool{}
			for _, p := range s.Properties {
				props[p.Name+"="+p.Value] = true
			}
			for _, p := range tt.want.properties {
				if !props[p] {
					t.Errorf("suite lacks property %s: %+v", p, s.Properties)
				}
			}
			checkProblem(t, s.Cases, tt.want.problem, tt.want.message, tt.want.body)
		})
	}
}

// checkProblem checks the problem of one testcase: "failure:i", "error:i"
// for testcase i, "skipped" for the last one, "" for none anywhere.
func checkProblem(t *testing.T, cases []junitCase, problem, message string, body []string) {
	t.Helper()
	if problem == "" {
		for _, tc := range cases {
			if tc.Failure != nil || tc.Error != nil || tc.Skipped != nil {
				t.Errorf("testcase %q is not a plain pass: %+v", tc.Name, tc)
			}
		}
		return
	}
	kind, index, _ := strings.Cut(problem, ":")
	tc := cases[len(cases)-1]
	if index != "" {
		tc = cases[index[0]-'0']
	}
	var p *junitProblem
	switch kind {
	case "failure":
		p = tc.Failure
	case "error":
		p = tc.Error
	case "skipped":
		if tc.Skipped == nil || tc.Skipped.Message != message || tc.Classname != "basic-auth.deep" {
			t.Errorf("testcase %q: skipped %+v in %q, want skipped %q in basic-auth.deep", tc.Name, tc.Skipped, tc.Classname, message)
		}
		return
	}
	if p == nil {
		t.Fatalf("testcase %q has no %s: %+v", tc.Name, kind, tc)
	}
	if p.Message != message {
		t.Errorf("%s message %q, want %q", kind, p.Message, message)
	}
	for _, want := range body {
		if !strings.Contains(p.Body, want) {
			t.Errorf("%s body lacks %q:\n%s", kind, want, p.Body)
		}
	}
}

func TestJUnitEscapesWhatXMLCannotCarry(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"markup", `<b>"a" & 'b'</b>`, `<b>"a" & 'b'</b>`},
		{"a NUL and an escape code", "a\x00b\x1b[31m", `a\x00b\x1b[31m`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"a non-character", "a\uFFFEb", `a\ufffeb`},
		{"the end of a CDATA section", "a]]>b", "a]]>b"},
		{"tabs and new lines stay", "a\tb", "a\tb"},
		{"text beyond the BMP stays", "key 🔑", "key 🔑"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := grader.CheckResult{ID: "id-" + tt.got, Name: "check", Expected: "403", Got: tt.got, Detail: tt.got}
			rep := &grader.Report{Stage: "basic-auth", Target: tt.got, Checks: []grader.CheckResult{r}}
			doc := parseJUnit(t, junitDocument([]graded{{stage: junitStage, rep: rep}}))
			tc := doc.Suites[0].Cases[0]
			if tc.Failure == nil {
				t.Fatalf("no failure: %+v", tc)
			}
			if want := "expected: 403; got: " + tt.want; tc.Failure.Message != want {
				t.Errorf("message %q, want %q", tc.Failure.Message, want)
			}
			if !strings.Contains(tc.Failure.Body, "detail: "+tt.want+"\n") {
				t.Errorf("body lacks detail %q:\n%q", tt.want, tc.Failure.Body)
			}
			if tc.Name != "id-"+tt.want+": check" {
				t.Errorf("testcase name %q, want %q", tc.Name, "id-"+tt.want+": check")
			}
		})
	}
}

func TestWriteJUnitIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "authlab.xml")
	if err := os.WriteFile(path, []byte("an older report"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := &grader.Report{Stage: "basic-auth", Checks: []grader.CheckResult{{ID: "a", Name: "A", Pass: true}}}
	if err := writeJUnit(path, junitDocument([]graded{{stage: junitStage, rep: rep}})); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), xml.Header) || !strings.Contains(string(b), `<testsuite name="basic-auth" tests="1"`) {
		t.Errorf("the report was not replaced with the new one:\n%s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("report mode %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files after writing, want only the report (no temporary file left)", len(entries))
	}

	missing := filepath.Join(dir, "no-such-folder", "authlab.xml")
	if err := writeJUnit(missing, junitSuites{}); err == nil {
		t.Errorf("writing into a missing folder succeeded")
	}
}
