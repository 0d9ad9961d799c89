package gradertest

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
)

// shardEnv tells a test process that proveShard started which share of a
// stage's mutants it proves, as "i/n".
const shardEnv = "AUTHLAB_MUTANT_SHARD"

// mutantShards is how many processes prove a stage's mutants, besides the
// one that proves its solution and starter meanwhile. The checks
// share process-wide state (the sockets the loopback check lists, the
// output the log checks capture, the argon2id verification counter), so
// two mutants never run side by side in one process; in separate processes
// they can, and many checks mostly wait (for a deadline, for a token to
// expire), so the shares overlap well even on two cores.
const mutantShards = 6

// shard says which share of the mutants this process proves: i of n, with
// n = 1 when it proves them all and n = 0 when it proves none.
type shard struct{ i, n int }

// has says whether the mutant at index k is in this share.
func (s shard) has(k int) bool { return s.n > 0 && k%s.n == s.i }

// startShards returns this process's share of the mutants that t's
// subtest called sub proves, and a wait function for the end of that
// subtest. The share is none: every share is proven by a copy of this test
// process started here, and the wait function waits for them and fails the
// subtest with the output of any that failed. A process started here
// proves its own share only. One
// process proves them all under coverage (one profile must be written) and
// when -run picks tests (the filter then applies as written).
func startShards[PT Parent[PT]](t PT, sub string) (shard, func(TB)) {
	t.Helper()
	if v, ok := os.LookupEnv(shardEnv); ok {
		var s shard
		if _, err := fmt.Sscanf(v, "%d/%d", &s.i, &s.n); err != nil || s.n < 1 || s.i < 0 || s.i >= s.n {
			t.Fatalf("%s=%q, want i/n with 0 <= i < n", shardEnv, v)
		}
		return s, func(TB) {}
	}
	if f := flag.Lookup("test.run"); builtWithCover() || f != nil && f.Value.String() != "" {
		return shard{0, 1}, func(TB) {}
	}
	pattern := runPattern(t.Name() + "/" + strings.ReplaceAll(sub, " ", "_"))
	var children []*testCopy
	for i := range mutantShards {
		c, err := startTestCopy(t.Context(), pattern, fmt.Sprintf("%s=%d/%d", shardEnv, i, mutantShards))
		if err != nil {
			t.Fatalf("starting the test process for mutant share %d: %v", i+1, err)
		}
		children = append(children, c)
	}
	waited := false
	// Should the subtest not run, the children are stopped with t's
	// context and reaped here.
	t.Cleanup(func() {
		if !waited {
			for _, c := range children {
				c.cmd.Wait()
			}
		}
	})
	return shard{}, func(sub TB) {
		waited = true
		for i, c := range children {
			if err := c.cmd.Wait(); err != nil {
				sub.Errorf("mutant share %d of %d, proven in another process, failed (%v):\n%s", i+1, mutantShards, err, c.out.String())
			}
		}
	}
}

// builtWithCover says whether this test binary was built with -cover (or
// -coverpkg), as testing.CoverMode() != "" would.
func builtWithCover() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-cover" {
			return s.Value == "true"
		}
	}
	return false
}

// runPattern is the -test.run pattern that selects exactly the test called
// name (a subtest's name holds slashes).
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}
