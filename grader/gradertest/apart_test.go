package gradertest

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The nested runs of this test binary that TestApartFailureFailsTheParent
// starts: one where TestRunsApart fails, one where Main is told of a test
// that never calls RanApart.
const (
	failApartEnv   = "AUTHLAB_TEST_FAIL_APART"
	unjoinedEnv    = "AUTHLAB_TEST_UNJOINED"
	neverJoinsTest = "TestNeverJoins"
)

func TestMain(m *testing.M) {
	apart := []string{"TestRunsApart"}
	if os.Getenv(unjoinedEnv) != "" {
		apart = append(apart, neverJoinsTest)
	}
	os.Exit(Main(m.Run, apart...))
}

// TestRunsApart runs in the process Main starts for it, not in this one.
func TestRunsApart(t *testing.T) {
	if RanApart(t) {
		return
	}
	// Main runs nothing apart under coverage or when -run picks tests.
	picked := flag.Lookup("test.run").Value.String() != ""
	if testing.CoverMode() == "" && !picked && os.Getenv(apartEnv) != t.Name() {
		t.Errorf("%s=%q in the process that ran the test, want %q", apartEnv, os.Getenv(apartEnv), t.Name())
	}
	if os.Getenv(failApartEnv) != "" {
		t.Error("failing on purpose")
	}
}

// TestNeverJoins is the test a nested run names to Main without it calling
// RanApart.
func TestNeverJoins(t *testing.T) {}

// TestApartFailureFailsTheParent runs this test binary again: a test that
// fails in its own process fails the run, with that process's output, and
// a test named to Main that never calls RanApart fails it too.
func TestApartFailureFailsTheParent(t *testing.T) {
	if os.Getenv(failApartEnv) != "" || os.Getenv(unjoinedEnv) != "" {
		return // the nested run: the parent judges its outcome
	}
	tests := []struct {
		env  string
		want []string
	}{
		{failApartEnv, []string{"TestRunsApart, run in a process of its own, failed", "failing on purpose"}},
		{unjoinedEnv, []string{"started [" + neverJoinsTest + "] apart, but they never called gradertest.RanApart"}},
	}
	for _, tt := range tests {
		cmd := exec.Command(os.Args[0], "-test.timeout=1m")
		cmd.Env = append(os.Environ(), tt.env+"=1")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%s: the nested run ended with %v, want a failure:\n%s", tt.env, err, out)
		}
		for _, want := range tt.want {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: the nested run does not say %q:\n%s", tt.env, want, out)
			}
		}
	}
}
