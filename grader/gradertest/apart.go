package gradertest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
)

// apartEnv names the test that a process Main started for it runs.
const apartEnv = "AUTHLAB_APART"

// apartChild is a copy of the test process that runs one test, started by
// Main, and whether the test has joined it.
type apartChild struct {
	*testCopy
	joined bool
}

// apart holds the processes Main started, by test name.
var apart struct {
	sync.Mutex
	children map[string]*apartChild
}

// startApart starts a copy of this process for each test in names, each
// running that test alone, unless this process is such a copy itself or
// runs only some tests (-run), under coverage or to list them.
func startApart(names []string) error {
	if len(names) == 0 || os.Getenv(apartEnv) != "" || os.Getenv(shardEnv) != "" || builtWithCover() {
		return nil
	}
	for _, f := range []string{"test.run", "test.list"} {
		if fl := flag.Lookup(f); fl != nil && fl.Value.String() != "" {
			return nil
		}
	}
	apart.Lock()
	defer apart.Unlock()
	apart.children = map[string]*apartChild{}
	for _, name := range names {
		c, err := startTestCopy(context.Background(), runPattern(name), apartEnv+"="+name)
		if err != nil {
			return fmt.Errorf("starting the process for %s: %w", name, err)
		}
		apart.children[name] = &apartChild{testCopy: c}
	}
	return nil
}

// unjoined stops the processes whose test never called RanApart and
// returns their names: a test named to Main must call it.
func unjoined() []string {
	apart.Lock()
	defer apart.Unlock()
	var names []string
	for name, c := range apart.children {
		if !c.joined {
			c.cmd.Process.Kill()
			c.cmd.Wait()
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// RanApart says whether test t has run in a process of its own, which
// Main started when this process began: then it waits for that process,
// fails t with its output if it failed, and the caller returns at once.
// It is false in that process, and wherever Main started none for t, so
// the caller goes on to run the test itself.
func RanApart(t interface {
	TB
	Name() string
}) bool {
	t.Helper()
	apart.Lock()
	c, ok := apart.children[t.Name()]
	if ok {
		c.joined = true
	}
	apart.Unlock()
	if !ok {
		return false
	}
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("%s, run in a process of its own, failed (%v):\n%s", t.Name(), err, c.out.String())
	}
	return true
}
