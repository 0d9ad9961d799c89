package gradertest

import (
	"context"
	"net/http"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
)

// Failure is how one check must fail on one mutant: what its result says the
// learner's code did, and to which request.
type Failure struct {
	Mutant, Check string
	Got           []string // substrings of the result's Got
	Sent          string   // substring of the result's Sent, if set
}

// AssertFailuresSay runs each failure's check against its mutant and demands
// that it fails, its Got containing every f.Got and its Sent f.Sent.
func (s Stage[T]) AssertFailuresSay(t TB, failures []Failure) {
	t.Helper()
	// Each mutant comes from a fresh s.Mutants. The loopback check runs after
	// all the others, so it sees what they made the mutant open; where sockets
	// are invisible it is skipped.
	loopback := probe.LoopbackOnlyCheck().ID
	for _, f := range failures {
		if f.Check == loopback && !SocketsVisible {
			continue
		}
		m := MutantNamed(t, s.Mutants(), f.Mutant)
		var r grader.CheckResult
		if f.Check == loopback {
			r = RunAll(t, s.Checks(m.Target))[f.Check]
		} else {
			c := Named(t, append(s.Checks(m.Target), s.deep(m.Target)...), f.Check)
			r = grader.RunCheck(context.Background(), c, c.Limit())
		}
		if m.Cleanup != nil {
			m.Cleanup()
		}
		if r.Pass {
			t.Errorf("%s: check %s passed, want it to catch the mutant", f.Mutant, f.Check)
			continue
		}
		for _, want := range f.Got {
			if !strings.Contains(r.Got, want) {
				t.Errorf("%s: check %s got %q, want it to mention %q", f.Mutant, f.Check, r.Got, want)
			}
		}
		if !strings.Contains(r.Sent, f.Sent) {
			t.Errorf("%s: check %s sent %q, want it to name the request that showed the bug, %q", f.Mutant, f.Check, r.Sent, f.Sent)
		}
	}
}

// Crash is a target whose code panics, with the checks that reach the panic
// and what each of them must say.
type Crash[T any] struct {
	Name   string
	Target T
	Checks []string // the checks that reach the panicking code
	Got    string   // in the Got of each of them
	// MustPass lists checks that must pass all the same.
	MustPass []string
}

// AssertCrashesCaught runs every check against each crash's target: those that
// reach the panic must fail, saying Got, and those in MustPass must pass.
func (s Stage[T]) AssertCrashesCaught(t TB, crashes []Crash[T]) {
	t.Helper()
	for _, c := range crashes {
		results := RunAll(t, s.Checks(c.Target))
		for _, id := range c.Checks {
			r, ok := results[id]
			switch {
			case !ok:
				t.Errorf("%s: %s is not a check id", c.Name, id)
			case r.Pass:
				t.Errorf("%s: check %s passed, want it to catch the panic", c.Name, id)
			case !strings.Contains(r.Got, c.Got):
				t.Errorf("%s: check %s got %q, want it to mention %q", c.Name, id, r.Got, c.Got)
			}
		}
		for _, id := range c.MustPass {
			if r, ok := results[id]; !ok {
				t.Errorf("%s: %s is not a check id", c.Name, id)
			} else if !r.Pass {
				t.Errorf("%s: check %s failed: %s", c.Name, id, Describe(r))
			}
		}
	}
}

// AssertHangCaught runs the checks ids against target (called name), which
// never answers: each must fail at a 300 ms deadline, saying the code blocks.
func (s Stage[T]) AssertHangCaught(t TB, name string, target T, ids ...string) {
	t.Helper()
	// A short deadline keeps the test quick; RunCheck must give up at it.
	const deadline = 300 * time.Millisecond
	checks := s.Checks(target)
	for _, id := range ids {
		start := time.Now()
		r := grader.RunCheck(context.Background(), Named(t, checks, id), deadline)
		elapsed := time.Since(start)
		if r.Pass {
			t.Errorf("%s: check %s passed, want it to catch the hang", name, id)
		}
		if !strings.Contains(r.Got, "blocking") {
			t.Errorf("%s: check %s got %q, want it to say the code is blocking", name, id, r.Got)
		}
		if elapsed > 2*time.Second {
			t.Errorf("%s: check %s took %s with a %s deadline", name, id, elapsed, deadline)
		}
	}
}

// PanickingHandler stands for middleware whose code panics on every request
// ("assignment to entry in nil map") before it reaches next.
func PanickingHandler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var seen map[string]bool
		seen[r.Header.Get("Authorization")] = true // panics: assignment to entry in nil map
		next.ServeHTTP(w, r)
	})
}

// BlockingHandler stands for middleware that never answers: each request
// blocks, like select{}, until release is closed (then the lab can close).
func BlockingHandler(release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	})
}
