package gradertest

import (
	"regexp"
	"strings"
	"testing"
)

func TestRunPatternSelectsExactlyTheTest(t *testing.T) {
	for _, tt := range []struct {
		name  string
		runs  []string
		skips []string
	}{
		{"TestStage/mutants_are_caught", []string{"TestStage/mutants_are_caught"}, []string{"TestStages/mutants_are_caught", "TestStage/mutants_are_caught_too"}},
		{"TestStage/a_(b)_c.d", []string{"TestStage/a_(b)_c.d"}, []string{"TestStage/a_b_c.d", "TestStage/a_(b)_cxd"}},
	} {
		levels := strings.Split(runPattern(tt.name), "/")
		matches := func(name string) bool {
			parts := strings.Split(name, "/")
			if len(parts) != len(levels) {
				return false
			}
			for i, p := range parts {
				if !regexp.MustCompile(levels[i]).MatchString(p) {
					return false
				}
			}
			return true
		}
		for _, n := range tt.runs {
			if !matches(n) {
				t.Errorf("runPattern(%q) = %q does not select %q", tt.name, runPattern(tt.name), n)
			}
		}
		for _, n := range tt.skips {
			if matches(n) {
				t.Errorf("runPattern(%q) = %q also selects %q", tt.name, runPattern(tt.name), n)
			}
		}
	}
}

func TestSharesCoverEveryMutantOnce(t *testing.T) {
	const mutants = 10
	for n := 1; n <= 4; n++ {
		for k := range mutants {
			in := 0
			for i := range n {
				if (shard{i, n}).has(k) {
					in++
				}
			}
			if in != 1 {
				t.Errorf("with %d shares, mutant %d is in %d of them, want 1", n, k, in)
			}
			if (shard{}).has(k) {
				t.Errorf("the empty share has mutant %d", k)
			}
		}
	}
}

// TestBuiltWithCoverAgreesWithTesting guards the one process that proves
// every mutant under coverage: builtWithCover must see -cover as testing does.
func TestBuiltWithCoverAgreesWithTesting(t *testing.T) {
	if got, want := builtWithCover(), testing.CoverMode() != ""; got != want {
		t.Errorf("builtWithCover() = %v, want %v (testing.CoverMode() = %q)", got, want, testing.CoverMode())
	}
}
