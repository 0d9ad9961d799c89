package cli

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"authlab/grader"
	"authlab/internal/lab"
	"authlab/lessons"
)

// graded is one stage's outcome as `check --junit` reports it: the report,
// or the exercise file that is missing so nothing ran, or why the lab could
// not run at all, and the stage's checks, named even when they did not run.
type graded struct {
	stage      lessons.Stage
	rep        *grader.Report
	missing    *lab.MissingFileError
	broken     string         // why the lab could not run, as the terminal says it
	checks     []grader.Check // needed only with missing
	deepChecks []grader.Check
}

// junitSuites is the root of a JUnit XML document.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// junitSuite is one stage: its checks, then its deep checks.
type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

// junitProperty is a name and value a suite carries, such as its seed.
type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is one check. At most one of Failure, Error and Skipped is set.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
}

// junitProblem is a failed check (failure) or one that could not run
// (error): a one-line message and the full explanation.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// junitSkipped is a check that did not run, and why.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// deepNotRun is why the deep checks are skipped while a check fails.
const deepNotRun = grader.NotRun + "the deep checks run once every check passes"

// junitDocument turns graded stages into a JUnit document: one testsuite
// per stage, one testcase per check and per deep check.
func junitDocument(stages []graded) junitSuites {
	doc := junitSuites{Name: "authlab"}
	var total time.Duration
	for _, g := range stages {
		suite, elapsed := stageSuite(g)
		suite.clean()
		total += elapsed
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		doc.Suites = append(doc.Suites, suite)
	}
	doc.Time = seconds(total)
	return doc
}

// stageSuite is the testsuite of one stage, and how long its run took.
func stageSuite(g graded) (junitSuite, time.Duration) {
	suite := junitSuite{Name: g.stage.ID, Properties: []junitProperty{{Name: "title", Value: g.stage.Title}}}
	if g.broken != "" {
		// The lab could not run: one error saying why.
		suite.add(junitCase{Name: "the lab could not run", Classname: g.stage.ID, Time: seconds(0),
			Error: &junitProblem{Message: g.broken, Type: "lab could not run", Body: g.broken + "\n"}})
		suite.Time = seconds(0)
		return suite, 0
	}
	if g.missing != nil {
		// Nothing ran: every check is an error naming the missing file.
		problem := junitProblem{Message: grader.NotRun + g.missing.Error(), Type: "missing file",
			Body: fmt.Sprintf("%s: `authlab reset %s` puts the starter back\n", g.missing.Error(), g.stage.ID)}
		for _, c := range g.checks {
			p := problem
			suite.add(junitCase{Name: caseName(c.ID, c.Name), Classname: g.stage.ID, Time: seconds(0), Error: &p})
		}
		suite.skipDeep(g)
		suite.Time = seconds(0)
		return suite, 0
	}
	suite.Properties = append(suite.Properties,
		junitProperty{Name: "target", Value: g.rep.Target}, junitProperty{Name: "seed", Value: fmt.Sprint(g.rep.Seed)})
	elapsed := g.rep.Elapsed
	suite.addTier(g.stage.ID, g.rep)
	if deep := g.rep.Deep; deep != nil {
		elapsed += deep.Elapsed
		if deep.Race != "" {
			suite.Properties = append(suite.Properties, junitProperty{Name: "race", Value: deep.Race})
		}
		if deep.Scale > 0 {
			suite.Properties = append(suite.Properties, junitProperty{Name: "scale", Value: fmt.Sprint(deep.Scale)})
		}
		suite.addTier(g.stage.ID+".deep", deep)
	} else {
		suite.skipDeep(g)
	}
	suite.Time = seconds(elapsed)
	return suite, elapsed
}

// skipDeep adds the stage's deep checks as skipped: they wait for every
// check to pass.
func (s *junitSuite) skipDeep(g graded) {
	for _, c := range g.deepChecks {
		s.add(junitCase{Name: caseName(c.ID, c.Name), Classname: g.stage.ID + ".deep", Time: seconds(0),
			Skipped: &junitSkipped{Message: deepNotRun}})
	}
}

// addTier adds one testcase per check of rep. A check fails with its
// expected and got; one that could not run (the code does not compile, the
// test process stopped) is an error carrying the compiler's or the
// process's output.
func (s *junitSuite) addTier(classname string, rep *grader.Report) {
	for _, r := range rep.Checks {
		tc := junitCase{Name: caseName(r.ID, r.Name), Classname: classname, Time: seconds(time.Duration(r.Millis) * time.Millisecond)}
		switch {
		case r.Pass:
		case rep.Build != nil:
			tc.Error = &junitProblem{Message: grader.NotRun + "the code does not compile", Type: "compile error", Body: compileErrors(rep.Build)}
		case rep.Crash != "" && strings.HasPrefix(r.Got, grader.NotRun):
			tc.Error = &junitProblem{Message: r.Got, Type: "crash", Body: rep.Crash}
		default:
			tc.Failure = &junitProblem{Message: failureMessage(r), Type: "check failed", Body: failureBody(rep, r)}
		}
		s.add(tc)
	}
}

// add appends tc and counts it.
func (s *junitSuite) add(tc junitCase) {
	s.Tests++
	switch {
	case tc.Failure != nil:
		s.Failures++
	case tc.Error != nil:
		s.Errors++
	case tc.Skipped != nil:
		s.Skipped++
	}
	s.Cases = append(s.Cases, tc)
}

// clean makes every text of the suite valid XML text.
func (s *junitSuite) clean() {
	s.Name = xmlText(s.Name)
	for i := range s.Properties {
		p := &s.Properties[i]
		p.Name, p.Value = xmlText(p.Name), xmlText(p.Value)
	}
	for i := range s.Cases {
		tc := &s.Cases[i]
		tc.Name, tc.Classname = xmlText(tc.Name), xmlText(tc.Classname)
		for _, p := range []*junitProblem{tc.Failure, tc.Error} {
			if p != nil {
				p.Message, p.Type, p.Body = xmlText(p.Message), xmlText(p.Type), xmlText(p.Body)
			}
		}
		if tc.Skipped != nil {
			tc.Skipped.Message = xmlText(tc.Skipped.Message)
		}
	}
}

func caseName(id, name string) string { return id + ": " + name }

// failureMessage is a failed check's one line: what was expected, what
// the code did.
func failureMessage(r grader.CheckResult) string {
	return strings.ReplaceAll("expected: "+r.Expected+"; got: "+r.Got, "\n", " ")
}

// failureBody is a failed check's full explanation, field by field, as the
// plain report prints it, with the command that replays the run.
func failureBody(rep *grader.Report, r grader.CheckResult) string {
	var b strings.Builder
	for _, f := range []struct{ name, value string }{
		{"sent", r.Sent}, {"expected", r.Expected}, {"got", r.Got}, {"where", r.Where}, {"detail", r.Detail}, {"hint", r.Hint},
	} {
		if f.value != "" {
			fmt.Fprintf(&b, "%s: %s\n", f.name, f.value)
		}
	}
	fmt.Fprintf(&b, "replay: authlab check %s --seed %d\n", rep.Stage, rep.Seed)
	return b.String()
}

// compileErrors lists the compiler's errors one per line, or its output
// when it named none.
func compileErrors(bf *grader.BuildFailure) string {
	if len(bf.Errors) == 0 {
		return bf.Output
	}
	var b strings.Builder
	for _, e := range bf.Errors {
		pos := fmt.Sprintf("%s:%d", e.File, e.Line)
		if e.Column > 0 {
			pos += fmt.Sprintf(":%d", e.Column)
		}
		fmt.Fprintf(&b, "%s: %s\n", pos, e.Message)
	}
	return b.String()
}

// seconds formats d as JUnit's time attribute.
func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// xmlText returns s with every character XML 1.0 cannot carry (control
// characters, invalid UTF-8) written as a visible \xNN or \uNNNN, so that
// what the code under test sent stays readable rather than being dropped.
func xmlText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case xmlChar(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// writeJUnit writes the document to path atomically: a temporary file in
// the same folder, synced, then renamed over path, so a CI job never reads
// half a report.
func writeJUnit(path string, doc junitSuites) error {
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	content := append([]byte(xml.Header), append(b, '\n')...)
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
