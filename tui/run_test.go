package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/internal/lab"
)

// syntheticReport is a report on the stage's real checks: the first one
// fails, the others pass (or every one passes).
func syntheticReport(l *lab.Lab, allPass bool) *grader.Report {
	s := l.Course.Stages[0]
	rep := &grader.Report{Stage: s.ID, Target: s.ExerciseDir(), Passed: allPass, Elapsed: 1400 * time.Millisecond}
	for i, c := range l.Checks(s) {
		r := grader.CheckResult{ID: c.ID, Name: c.Name, Pass: true}
		if i == 0 && !allPass {
			r.Pass = false
			r.Sent = "GET /mcp with Authorization: Bearer <wrong>"
			r.Expected = "403 Forbidden"
			r.Got = "200 OK and the tool ran"
			r.Detail = "\n\tbody: {\"ok\":true}\n"
			r.Hint = "Compare the secret with subtle.ConstantTimeCompare."
		}
		rep.Checks = append(rep.Checks, r)
	}
	return rep
}

func TestRunShowsProgressLive(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	checks := l.Checks(l.Course.Stages[0])
	if len(checks) < 2 {
		t.Fatal("the stage needs two checks for this test")
	}
	m := newTestModel(t, l, Options{}, 120, 40)
	if cmd := press(m, "c"); cmd == nil || m.run == nil {
		t.Fatal("c started no run")
	}
	if m.tab != tabChecks {
		t.Errorf("c left tab %v on show", m.tab)
	}
	id := m.run.id
	assertContains(t, m, "Step 1 of 2 · compiling your code…")

	m.Update(runEventMsg{run: id, event: grader.Event{Phase: grader.PhaseRunning}})
	first := grader.CheckResult{ID: checks[0].ID, Name: checks[0].Name, Pass: true}
	m.Update(runEventMsg{run: id, event: grader.Event{Phase: grader.PhaseRunning, Check: &first}})
	assertContains(t, m, fmt.Sprintf("Step 1 of 2 · checks 1/%d", len(checks)), glyphPass+" "+checks[0].Name, glyphPending+" "+checks[1].Name)
	assertFits(t, m)
}

func TestRunReports(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	s := l.Course.Stages[0]
	tests := []struct {
		name     string
		report   func() *grader.Report
		restored bool
		err      error
		want     []string
		lacks    []string
	}{
		{
			name:   "a failure",
			report: func() *grader.Report { return syntheticReport(l, false) },
			want: []string{
				glyphFail + " " + l.Checks(s)[0].Name, glyphPass + " " + l.Checks(s)[1].Name,
				"Sent", "Bearer <wrong>", "Expected", "403 Forbidden", "Got (your code)", "200 OK and the tool ran",
				"Detail", `body: {"ok":true}`, "Hint", "subtle.ConstantTimeCompare",
				fmt.Sprintf("%d/%d checks pass", len(l.Checks(s))-1, len(l.Checks(s))), "Fix first:",
			},
			lacks: []string{"stage complete"},
		},
		{
			name: "a build failure",
			report: func() *grader.Report {
				rep := syntheticReport(l, false)
				rep.Build = &grader.BuildFailure{Errors: []grader.CompileError{
					{File: "exercises/basicauth/auth.go", Line: 12, Column: 5, Message: "undefined: secrett"},
					{File: "exercises/basicauth/auth.go", Line: 30, Message: "missing return"},
				}}
				return rep
			},
			want: []string{"exercises/basicauth does not compile", "exercises/basicauth/auth.go:12:5: undefined: secrett",
				"exercises/basicauth/auth.go:30: missing return", "None of the", "Your code does not compile"},
			lacks: []string{"Got (your code)"},
		},
		{
			name: "a crash",
			report: func() *grader.Report {
				rep := syntheticReport(l, false)
				rep.Crash = "panic: runtime error: invalid memory address\n" + strings.Repeat("goroutine 1 [running]:\n", 40)
				return rep
			},
			want: []string{"The test process crashed", "panic: runtime error", "more lines)"},
		},
		{
			name:     "a restored entry file",
			report:   func() *grader.Report { return syntheticReport(l, false) },
			restored: true,
			want:     []string{"exercises/basicauth/authlab_test.go, the grader's entry file, had been changed or deleted; it was restored."},
		},
		{
			name:  "no go tool",
			err:   grader.ErrNoGoTool,
			want:  []string{"the go command was not found on PATH: install Go"},
			lacks: []string{"checks pass"},
		},
		{
			name: "another error",
			err:  errors.New("starting go: permission denied"),
			want: []string{"The checks could not run: starting go: permission denied. Press c to try again."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, l, Options{}, 120, 40)
			press(m, "c")
			var rep *grader.Report
			if tt.report != nil {
				rep = tt.report()
			}
			m.Update(runDoneMsg{run: m.run.id, report: rep, restored: tt.restored, err: tt.err})
			if m.run != nil {
				t.Fatal("the run is still going after its result")
			}
			assertContains(t, m, tt.want...)
			assertLacks(t, m, tt.lacks...)
			assertFits(t, m)
		})
	}
}

func TestOnlyFirstFailuresInDetail(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	m := newTestModel(t, l, Options{}, 120, 40)
	press(m, "c")
	rep := syntheticReport(l, false)
	for i := range rep.Checks {
		rep.Checks[i].Pass = false
		rep.Checks[i].Expected = fmt.Sprintf("expectation %d", i)
	}
	m.Update(runDoneMsg{run: m.run.id, report: rep})
	text := checksText(m)
	for _, want := range []string{"expectation 0", "expectation 2", "more failing checks"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Checks tab lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "expectation 3") {
		t.Errorf("the Checks tab details a fourth failure:\n%s", text)
	}
}

func TestPassCelebratesAndUnlocks(t *testing.T) {
	t.Parallel()
	l := twoStageLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	assertContains(t, m, glyphLocked+" 2.", "0/2")
	press(m, "c")
	// lab.Check records the pass before it returns; do what it does.
	if err := l.Progress.MarkPassed(l.Course.Stages[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	m.Update(runDoneMsg{run: m.run.id, report: syntheticReport(l, true)})
	assertContains(t, m, "checks pass: stage complete!", `"Second: tokens" is now unlocked: press n to go on.`,
		glyphPass+" 1.", glyphOpen+" 2.", "1/2", "Stage passed!")
	assertLacks(t, m, glyphLocked+" 2.")
	press(m, "s")
	assertLacks(t, m, "anyway?")
	assertContains(t, m, "package basicauth")
	press(m, "n")
	if m.stage.ID != "second-stage" {
		t.Fatalf("n went to %s", m.stage.ID)
	}
	assertContains(t, m, glyphCurrent+" 2.")
	assertLacks(t, m, "is locked")
}

func TestNewerRunReplacesOlder(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	press(m, "c")
	older := m.run
	press(m, "c")
	if m.run == older || m.run.id == older.id {
		t.Fatal("the second c did not start a new run")
	}
	m.Update(runDoneMsg{run: older.id, report: syntheticReport(l, false)})
	if m.run == nil {
		t.Fatal("the older run's result ended the newer run")
	}
	m.Update(runEventMsg{run: older.id, event: grader.Event{Phase: grader.PhaseRunning}})
	assertContains(t, m, "Step 1 of 2 · compiling your code…")
	assertLacks(t, m, "checks pass")
	m.Update(runDoneMsg{run: m.run.id, report: syntheticReport(l, false)})
	assertContains(t, m, "checks pass")
}

func TestStageChangeCancelsRun(t *testing.T) {
	t.Parallel()
	l := twoStageLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	press(m, "c")
	id := m.run.id
	press(m, "n")
	if m.run != nil {
		t.Fatal("moving to another stage left the run going")
	}
	m.Update(runDoneMsg{run: id, report: syntheticReport(l, false)})
	press(m, "p", "2")
	assertLacks(t, m, "checks pass")
}

// TestRealRun grades the solution, copied over the exercise, with the real
// grader: the whole pipeline from the key press, through both steps, to the
// celebration. The deep differential check sends a twentieth of its
// variants: its own stage's tests prove it at full budget.
func TestRealRun(t *testing.T) {
	t.Setenv(grader.DeepScaleEnv, "0.05")
	l := newFullTestLab(t)
	s := l.Course.Stages[0]
	writeFile(t, l, s.ExerciseFile(), readFile(t, l, s.SolutionFile()))
	m := newTestModel(t, l, Options{}, 120, 40)
	cmd := press(m, "c")
	sawDeep := false
	drive(t, m, cmd, func() bool {
		sawDeep = sawDeep || m.run != nil && m.run.tier == grader.TierDeep && shows(m, "Step 2 of 2 · ")
		return m.run == nil
	}, 2*time.Minute)
	if !l.Progress.Passed(s.ID) {
		t.Fatalf("the stage did not pass:\n%s", screen(m))
	}
	if !sawDeep {
		t.Error("the run never showed step 2, the deep checks")
	}
	assertContains(t, m, "the deep ones included: stage complete!", glyphPass+" 1.", fmt.Sprintf("1/%d", len(l.Course.Stages)), "Stage passed")
}

func TestMissingExerciseSaysHowToGetItBack(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	o := &outcome{err: &lab.MissingFileError{Path: "exercises/basicauth/auth.go"}}
	got := runSummary(l, l.Course.Stages[0].ID, o)
	if got.kind != kindError || !strings.Contains(got.text, "exercises/basicauth/auth.go is missing: press r") {
		t.Errorf("status = %+v, want the missing file named with the key that restores it", got)
	}
}
