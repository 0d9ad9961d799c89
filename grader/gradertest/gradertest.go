// Package gradertest proves a stage's checks in the stage's own tests: the
// reference solution passes them all, the starter fails exactly the ones it
// should, and every known-bad implementation (a mutant) is caught by exactly
// the checks meant to catch it. Checks run in-process through
// grader.RunCheck, as the harness runs them.
package gradertest

import (
	"context"
	"runtime"
	"slices"
	"strings"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
)

// SocketsVisible says whether probe.PublicListeners can see this process's
// sockets (it reads /proc); elsewhere the loopback check always passes.
var SocketsVisible = runtime.GOOS == "linux"

// LoopbackFailures is the mustFail list of a mutant that listens beyond
// loopback: the loopback check where it can see sockets, nothing elsewhere.
func LoopbackFailures() []string {
	if !SocketsVisible {
		return nil
	}
	return []string{probe.LoopbackOnlyCheck().ID}
}

// TB is the part of a test the assertions use; *testing.T and testing.TB
// satisfy it, so this package need not import testing, which only tests may.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Parent is a test that runs subtests of its own type Sub, as *testing.T is
// a Parent[*testing.T]: what Prove needs to prove a stage in subtests.
type Parent[Sub any] interface {
	TB
	Name() string
	Context() context.Context
	Cleanup(f func())
	Run(name string, f func(t Sub)) bool
}

// RunAll runs checks in order and returns the results by check id.
func RunAll(t TB, checks []grader.Check) map[string]grader.CheckResult {
	t.Helper()
	return runAll(t, context.Background(), checks)
}

func runAll(t TB, ctx context.Context, checks []grader.Check) map[string]grader.CheckResult {
	t.Helper()
	results := map[string]grader.CheckResult{}
	for _, c := range checks {
		if _, dup := results[c.ID]; dup {
			t.Fatalf("two checks have the id %s", c.ID)
		}
		results[c.ID] = grader.RunCheck(ctx, c, c.Limit())
	}
	return results
}

// IDs returns the ids of checks, in order.
func IDs(checks []grader.Check) []string {
	ids := make([]string, 0, len(checks))
	for _, c := range checks {
		ids = append(ids, c.ID)
	}
	return ids
}

// failingIDs returns the ids of the failed results, sorted.
func failingIDs(results map[string]grader.CheckResult) []string {
	var ids []string
	for id, r := range results {
		if !r.Pass {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Describe says what a check sent, expected and got, with its detail.
func Describe(r grader.CheckResult) string {
	s := "sent " + r.Sent + "; expected " + r.Expected + "; got " + r.Got
	if r.Detail != "" {
		s += "\n\tdetail: " + strings.ReplaceAll(r.Detail, "\n", "\n\t")
	}
	return s
}

// Named returns the check with the given id.
func Named(t TB, checks []grader.Check, id string) grader.Check {
	t.Helper()
	for _, c := range checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s", id)
	return grader.Check{}
}

// assertAllPass runs checks against the reference solution and demands that
// every one passes.
func assertAllPass(t TB, checks []grader.Check) {
	t.Helper()
	results := RunAll(t, checks)
	for _, id := range IDs(checks) {
		if r := results[id]; !r.Pass {
			t.Errorf("solution: check %s failed: %s", id, Describe(r))
		}
	}
}

// assertFailsExactly runs checks against who (the starter, say) and demands
// that exactly the checks in wantFailing fail.
func assertFailsExactly(t TB, who string, checks []grader.Check, wantFailing []string) {
	t.Helper()
	results := RunAll(t, checks)
	want := slices.Sorted(slices.Values(wantFailing))
	got := failingIDs(results)
	if slices.Equal(got, want) {
		return
	}
	t.Errorf("%s: failing checks = %v\nwant %v", who, got, want)
	for _, id := range IDs(checks) {
		switch r := results[id]; {
		case slices.Contains(want, id) && r.Pass:
			t.Errorf("%s: check %s passed, want it to fail", who, id)
		case !slices.Contains(want, id) && !r.Pass:
			t.Errorf("%s: check %s failed: %s", who, id, Describe(r))
		}
	}
}

// AllBut returns the ids of checks other than passing, for a starter that
// passes only a few.
func AllBut(checks []grader.Check, passing ...string) []string {
	var ids []string
	for _, id := range IDs(checks) {
		if !slices.Contains(passing, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// assertCaught runs checks against the mutant called name and demands that
// each check in mustFail fails and every other check passes, so a check
// failing for the wrong reason is noticed too.
func assertCaught(t TB, name string, checks []grader.Check, mustFail []string) {
	t.Helper()
	ids := IDs(checks)
	for _, id := range mustFail {
		if !slices.Contains(ids, id) {
			t.Fatalf("%s: mustFail names %s, which is not a check id", name, id)
		}
	}
	results := runAll(t, proofContext(mustFail), checks)
	for _, id := range ids {
		r := results[id]
		switch {
		case slices.Contains(mustFail, id) && r.Pass:
			t.Errorf("%s: check %s passed, want it to catch the mutant", name, id)
		case !slices.Contains(mustFail, id) && !r.Pass:
			t.Errorf("%s: check %s failed, but the mutant's bug is not what it checks (add it to mustFail if it should): %s", name, id, Describe(r))
		case !r.Pass:
			t.Logf("%s caught it: %s", id, r.Got)
		}
	}
}

// proofScale is the share of their budget the differential checks send for
// a mutant they are not meant to catch: enough to show they pass, without
// the thousands of variants a learner's run sends.
const proofScale = 0.2

// proofContext is the context a mutant's checks run under: the full
// differential budget when a differential check must catch it, a share of
// it otherwise. Differential checks are those whose id starts with
// "differential".
func proofContext(mustFail []string) context.Context {
	for _, id := range mustFail {
		if strings.HasPrefix(id, "differential") {
			return context.Background()
		}
	}
	return oracle.WithScale(context.Background(), proofScale)
}

// Mutant is a known-bad implementation of a stage's Target and the checks
// that must catch it.
type Mutant[T any] struct {
	Name   string
	Target T
	// MustFail lists exactly the checks this mutant fails: each of them must
	// fail, and every other check must pass, so that a check failing for the
	// wrong reason is noticed too.
	MustFail []string
	// Cleanup, if set, releases what the mutant left behind.
	Cleanup func()
}

// Stage is what proving a stage's checks takes.
type Stage[T any] struct {
	Checks func(T) []grader.Check
	// Deep returns the deep tier's checks. The solution must pass them;
	// a mutant runs them only when its MustFail names one, since the deep
	// tier takes seconds.
	Deep         func(T) []grader.Check
	Solution     T
	Starter      T
	StarterFails []string // exactly the checks the starter fails
	// Mutants returns a fresh set; a mutant may hold state to clean up.
	Mutants func() []Mutant[T]
}

// deep returns the stage's deep checks against target, if it has any.
func (s Stage[T]) deep(target T) []grader.Check {
	if s.Deep == nil {
		return nil
	}
	return s.Deep(target)
}

// checksFor returns the checks a mutant runs: the fast tier, and the deep
// tier too when mustFail names a deep check.
func (s Stage[T]) checksFor(target T, mustFail []string) []grader.Check {
	checks := s.Checks(target)
	deep := s.deep(target)
	for _, id := range IDs(deep) {
		if slices.Contains(mustFail, id) {
			return append(checks, deep...)
		}
	}
	return checks
}

// Prove proves s in subtests: the solution passes every check of both
// tiers, the starter fails exactly StarterFails, and every mutant is caught
// as MustFail says. The mutants are shared among several processes
// (startShards); each process proves its share one mutant at a time.
func Prove[T any, PT Parent[PT]](t PT, s Stage[T]) {
	// Mutant names must be unique, and every check must be in some
	// mutant's MustFail.
	var zero T
	ids := append(IDs(s.Checks(zero)), IDs(s.deep(zero))...)
	// The other shares of the mutants start at once, in other processes,
	// and are proven while this one proves the solution and the starter.
	share, wait := startShards(t, "mutants are caught")
	t.Run("solution passes every check", func(t PT) {
		assertAllPass(t, append(s.Checks(s.Solution), s.deep(s.Solution)...))
	})
	t.Run("starter fails", func(t PT) { assertFailsExactly(t, "starter", s.Checks(s.Starter), s.StarterFails) })
	t.Run("mutants are caught", func(t PT) {
		defer wait(t)
		for k, m := range s.Mutants() {
			if !share.has(k) {
				if m.Cleanup != nil {
					m.Cleanup()
				}
				continue
			}
			t.Run(m.Name, func(t PT) {
				if m.Cleanup != nil {
					defer m.Cleanup()
				}
				assertCaught(t, m.Name, s.checksFor(m.Target, m.MustFail), m.MustFail)
			})
		}
	})
	t.Run("every check has a mutant", func(t PT) {
		caught, names := map[string]bool{}, map[string]bool{}
		for _, m := range s.Mutants() {
			if m.Cleanup != nil {
				m.Cleanup()
			}
			if names[m.Name] {
				t.Errorf("two mutants are named %q", m.Name)
			}
			names[m.Name] = true
			for _, id := range m.MustFail {
				caught[id] = true
			}
		}
		loopback := probe.LoopbackOnlyCheck().ID
		for _, id := range ids {
			if !caught[id] && (SocketsVisible || id != loopback) {
				t.Errorf("check %s has no mutant: add a known-bad implementation it catches to the stage's mutants", id)
			}
		}
	})
}

// MutantNamed returns the mutant called name.
func MutantNamed[T any](t TB, mutants []Mutant[T], name string) Mutant[T] {
	t.Helper()
	for _, m := range mutants {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no mutant named %q", name)
	return Mutant[T]{}
}
