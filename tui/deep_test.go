package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"authlab/grader"
	"authlab/internal/lab"
)

// replaySeed is the seed of the synthetic reports: the largest a run draws.
const replaySeed = 4503599627370495

// deepCard is what the synthetic deep failure says.
var deepCard = grader.CheckResult{
	Sent:     "POST /mcp?access_token=<the secret> with no Authorization header",
	Expected: "401 with WWW-Authenticate: Bearer",
	Got:      "200 OK and the tool ran",
	Where:    "exercises/basicauth/auth.go:57",
	Hint:     "Read the credential from the Authorization header only.",
}

// deepReport is a report whose fast checks all pass and whose deep checks
// all pass, or whose first deep check fails with deepCard.
func deepReport(l *lab.Lab, deepPass bool) *grader.Report {
	s := l.Course.Stages[0]
	rep := syntheticReport(l, true)
	rep.Seed = replaySeed
	deep := &grader.Report{Stage: s.ID, Target: rep.Target, Tier: "deep", Passed: deepPass, Seed: rep.Seed, Elapsed: 6 * time.Second}
	for i, c := range l.DeepChecks(s) {
		r := grader.CheckResult{ID: c.ID, Name: c.Name, Pass: true}
		if i == 0 && !deepPass {
			r = deepCard
			r.ID, r.Name = c.ID, c.Name
		}
		deep.Checks = append(deep.Checks, r)
	}
	rep.Deep, rep.Passed = deep, deepPass
	return rep
}

// stageOne returns the first stage's fast and deep checks; the tests of
// this file need both.
func stageOne(t *testing.T, l *lab.Lab) (fast, deep []grader.Check) {
	t.Helper()
	s := l.Course.Stages[0]
	fast, deep = l.Checks(s), l.DeepChecks(s)
	if len(fast) < 8 || len(deep) == 0 {
		t.Fatalf("stage 1 has %d checks and %d deep checks; these tests need 8 and 1", len(fast), len(deep))
	}
	return fast, deep
}

// passed is the event of a check of tier t that passed.
func passed(t grader.Tier, c grader.Check) grader.Event {
	return grader.Event{Tier: t, Phase: grader.PhaseRunning, Check: &grader.CheckResult{ID: c.ID, Name: c.Name, Pass: true}}
}

func TestTwoStepProgress(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	fast, deep := stageOne(t, l)
	noRace := "the race detector cannot run on this machine (go: -race requires cgo); the deep tier ran without it"
	var fastEvents []grader.Event
	for _, c := range fast[7:] {
		fastEvents = append(fastEvents, passed(grader.TierFast, c))
	}
	steps := []struct {
		name   string
		events []grader.Event
		want   []string // on the screen
		tab    []string // in the Checks tab, scrolled or not
		lacks  []string
	}{
		{
			name: "compiling",
			want: []string{"Step 1 of 2 · compiling your code…", "Step 1 · checks"},
			tab:  []string{"Step 2 · deep checks (race detector) They run once every check of step 1 passes"},
		},
		{
			name: "fast checks",
			events: []grader.Event{{Phase: grader.PhaseRunning}, passed(grader.TierFast, fast[0]), passed(grader.TierFast, fast[1]),
				passed(grader.TierFast, fast[2]), passed(grader.TierFast, fast[3]), passed(grader.TierFast, fast[4]),
				passed(grader.TierFast, fast[5]), passed(grader.TierFast, fast[6])},
			want:  []string{fmt.Sprintf("Step 1 of 2 · checks 7/%d", len(fast)), glyphPass + " " + fast[6].Name, glyphPending + " " + fast[7].Name},
			lacks: []string{"Step 2 of 2"},
		},
		{
			name:   "deep compile",
			events: slices.Concat(fastEvents, []grader.Event{{Tier: grader.TierDeep, Phase: grader.PhaseCompiling}}),
			want: []string{"Step 2 of 2 · preparing the deep checks: building with the race detector; the first time takes about a minute",
				fmt.Sprintf("Step 1 · all %d checks pass", len(fast)), glyphPending + " " + deep[0].Name},
			lacks: []string{"Step 1 of 2", "They run once"},
		},
		{
			name:   "deep checks",
			events: []grader.Event{{Tier: grader.TierDeep, Phase: grader.PhaseRunning}},
			want:   []string{fmt.Sprintf("Step 2 of 2 · deep checks (race detector) 0/%d", len(deep))},
		},
		{
			name:   "a deep check passed",
			events: []grader.Event{passed(grader.TierDeep, deep[0])},
			want:   []string{fmt.Sprintf("Step 2 of 2 · deep checks (race detector) 1/%d", len(deep)), glyphPass + " " + deep[0].Name},
		},
	}
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.width, sz.height), func(t *testing.T) {
			m := newTestModel(t, l, Options{}, sz.width, sz.height)
			press(m, "c")
			id := m.run.id
			for _, step := range steps {
				for _, ev := range step.events {
					m.Update(runEventMsg{run: id, event: ev})
				}
				for _, want := range step.want {
					if !shows(m, want) {
						t.Errorf("%s: screen lacks %q:\n%s", step.name, want, screen(m))
					}
				}
				for _, want := range step.tab {
					if text := checksText(m); !strings.Contains(text, want) {
						t.Errorf("%s: the Checks tab lacks %q:\n%s", step.name, want, text)
					}
				}
				for _, lack := range step.lacks {
					if shows(m, lack) {
						t.Errorf("%s: screen shows %q:\n%s", step.name, lack, screen(m))
					}
				}
				assertFits(t, m)
			}

			// Without the race detector, the deep tier says so while it runs.
			press(m, "c")
			for _, ev := range slices.Concat(fastEvents, []grader.Event{{Tier: grader.TierDeep, Phase: grader.PhaseRunning, Race: noRace}}) {
				m.Update(runEventMsg{run: m.run.id, event: ev})
			}
			assertContains(t, m, "Step 2 of 2 · deep checks (without the race detector) 0/", "Note: "+noRace+".")
			if i, _ := lineWith(m, "-race requires cgo"); i < 0 {
				t.Errorf("the flag -race is broken across lines:\n%s", screen(m))
			}
			assertFits(t, m)
		})
	}
}

func TestDeepOutcomes(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	fast, deep := stageOne(t, l)
	replay := fmt.Sprintf("authlab check basic-auth --seed %d", replaySeed)
	tests := []struct {
		name   string
		report func() *grader.Report
		want   []string
		lacks  []string
		status string
	}{
		{
			name:   "a deep failure",
			report: func() *grader.Report { return deepReport(l, false) },
			want: []string{glyphFail + " Step 1 passes, but a deep check fails: the stage is not passed yet.",
				fmt.Sprintf("%d/%d checks pass · deep checks %d/%d", len(fast), len(fast), len(deep)-1, len(deep)),
				fmt.Sprintf("Seed %d · to replay these variants: %s", replaySeed, replay),
				fmt.Sprintf("Step 1 · all %d checks pass", len(fast)), "Step 2 · deep checks (race detector)",
				glyphFail + " " + deep[0].Name, "Sent " + deepCard.Sent, "Expected " + deepCard.Expected,
				"Got (your code) " + deepCard.Got, "Where " + deepCard.Where, "Hint " + deepCard.Hint},
			lacks:  []string{"stage complete", "wait for the fast ones", glyphPass + " " + deep[0].Name, fast[0].Name},
			status: "Step 1 passes; a deep check fails: " + deep[0].Name,
		},
		{
			name: "a deep pass without the race detector",
			report: func() *grader.Report {
				rep := deepReport(l, true)
				rep.Deep.Race = "the race detector cannot run on this machine (go: -race requires cgo); the deep tier ran without it"
				return rep
			},
			want: []string{fmt.Sprintf("All %d checks pass, the deep ones included: stage complete!", len(fast)+len(deep)),
				"Step 2 · deep checks (without the race detector)",
				"Note: the race detector cannot run on this machine (go: -race requires cgo); the deep tier ran without it.",
				"Step 1 · checks", glyphPass + " " + fast[1].Name, glyphPass + " " + deep[0].Name},
			lacks:  []string{"Seed", "Step 1 · all"},
			status: "Stage passed!",
		},
		{
			name:   "a fast failure",
			report: func() *grader.Report { rep := syntheticReport(l, false); rep.Seed = replaySeed; return rep },
			want: []string{"The deep checks wait for the fast ones: they run once every check of step 1 passes.",
				glyphPending + " " + deep[0].Name, fmt.Sprintf("Seed %d · to replay these variants: %s", replaySeed, replay)},
			lacks:  []string{"deep checks 0/", "Step 1 passes"},
			status: "Fix first: " + fast[0].Name,
		},
		{
			name: "a deep crash",
			report: func() *grader.Report {
				rep := deepReport(l, false)
				rep.Deep.Crash = "fatal error: concurrent map writes"
				return rep
			},
			want: []string{"The deep checks' test process crashed before every check reported:", "fatal error: concurrent map writes"},
		},
	}
	for _, tt := range tests {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tt.name, sz.width, sz.height), func(t *testing.T) {
				m := newTestModel(t, l, Options{}, sz.width, sz.height)
				press(m, "c")
				m.Update(runDoneMsg{run: m.run.id, report: tt.report()})
				text := checksText(m)
				for _, want := range tt.want {
					if !strings.Contains(text, want) {
						t.Errorf("the Checks tab lacks %q:\n%s", want, text)
					}
				}
				for _, lack := range tt.lacks {
					if strings.Contains(text, lack) {
						t.Errorf("the Checks tab shows %q:\n%s", lack, text)
					}
				}
				if !strings.Contains(m.status.text, tt.status) {
					t.Errorf("status %q, want it to say %q", m.status.text, tt.status)
				}
				assertFits(t, m)
			})
		}
	}
}

// TestDeepFailureDoesNotPass checks the stage list and the celebration: a
// stage whose deep checks fail is not passed and unlocks nothing.
func TestDeepFailureDoesNotPass(t *testing.T) {
	t.Parallel()
	l := twoStageLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	press(m, "c")
	m.Update(runDoneMsg{run: m.run.id, report: deepReport(l, false)})
	assertContains(t, m, glyphLocked+" 2.", "0/2")
	assertLacks(t, m, "stage complete", "Stage passed", "is now unlocked")
	// The deep card shows without scrolling.
	if i, _ := lineWith(m, "Where            "+deepCard.Where); i < 0 {
		t.Errorf("the deep card's Where line is not on the screen:\n%s", screen(m))
	}
}

// lineWith returns the index of the screen's first line that holds text
// whole, and the lines; the index is -1 when no line does.
func lineWith(m *model, text string) (int, []string) {
	lines := strings.Split(screen(m), "\n")
	for i, line := range lines {
		if strings.Contains(line, text) {
			return i, lines
		}
	}
	return -1, lines
}

func TestWhereAndReplayStayWhole(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	tests := []struct {
		where string
		// beside says the path fits beside its label at 80 columns.
		beside bool
	}{
		{"exercises/basicauth/auth.go:1234", true},
		{"exercises/basicauth/internal/credentials/auth.go:1234", false},
	}
	for _, tt := range tests {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tt.where, sz.width, sz.height), func(t *testing.T) {
				m := newTestModel(t, l, Options{}, sz.width, sz.height)
				press(m, "c")
				rep := syntheticReport(l, false)
				rep.Seed = replaySeed
				rep.Checks[0].Where = tt.where
				rep.Checks[0].Got = "your code panicked: runtime error: invalid memory address or nil pointer dereference at " + tt.where
				m.Update(runDoneMsg{run: m.run.id, report: rep})
				i, lines := lineWith(m, " Where ")
				if i < 0 {
					i, lines = lineWith(m, " Where")
				}
				switch {
				case i < 0:
					t.Fatalf("no Where line on the screen:\n%s", screen(m))
				case strings.Contains(lines[i], tt.where):
					if sz.width == 80 && !tt.beside {
						t.Errorf("at 80 columns the path fits beside its label only if cut: %q", lines[i])
					}
				case i+1 < len(lines) && strings.Contains(lines[i+1], tt.where):
					if tt.beside || sz.width > 80 {
						t.Errorf("the path is under its label though it fits beside it:\n%s", screen(m))
					}
				default:
					t.Fatalf("the Where line does not hold %q whole:\n%s", tt.where, screen(m))
				}
				if i, _ := lineWith(m, fmt.Sprintf("authlab check basic-auth --seed %d", replaySeed)); i < 0 {
					t.Errorf("no line of the screen holds the replay command whole:\n%s", screen(m))
				}
				assertFits(t, m)
			})
		}
	}
}

func TestNewerRunReplacesDeepTier(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	fast, deep := stageOne(t, l)
	tests := []struct {
		name    string
		restart func(m *model)
	}{
		{"c", func(m *model) { press(m, "c") }},
		{"a save", func(m *model) { m.Update(filesChangedMsg{gen: m.watchGen}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, l, Options{Watch: true}, 80, 24)
			ready, ok := await(t, m.startWatch(), time.Second).(watchReadyMsg)
			if !ok || ready.err != nil {
				t.Fatalf("watch did not start: %+v", ready)
			}
			m.Update(ready)
			press(m, "c")
			older := m.run
			for _, c := range fast {
				m.Update(runEventMsg{run: older.id, event: passed(grader.TierFast, c)})
			}
			m.Update(runEventMsg{run: older.id, event: grader.Event{Tier: grader.TierDeep, Phase: grader.PhaseRunning}})
			assertContains(t, m, "Step 2 of 2 · deep checks")

			tt.restart(m)
			if m.run == nil || m.run.id == older.id {
				t.Fatal("the deep tier went on: no newer run started")
			}
			assertContains(t, m, "Step 1 of 2 · compiling your code…")
			assertLacks(t, m, "Step 2 of 2", fmt.Sprintf("Step 1 · all %d", len(fast)))
			if text := checksText(m); !strings.Contains(text, "They run once every check of step 1 passes") {
				t.Errorf("the Checks tab does not say the deep checks wait again:\n%s", text)
			}

			// What the older run still says is ignored.
			m.Update(runEventMsg{run: older.id, event: passed(grader.TierDeep, deep[0])})
			m.Update(runDoneMsg{run: older.id, report: deepReport(l, false)})
			if m.run == nil || m.run.tier != grader.TierFast {
				t.Fatal("the older run's deep tier reached the newer run")
			}
			assertLacks(t, m, "deep check fails", glyphPass+" "+deep[0].Name)
		})
	}
}
