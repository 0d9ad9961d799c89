package gradertest

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target in a stage's tests: the
// checks allocate a lot and keep little (an HTTP server, a session and
// thousands of requests per check), and at the default of 100 collecting
// took about a third of the tests' CPU time; at 400 it takes a tenth, for
// some megabytes more.
const gcPercent = 400

// Main runs a stage's tests with run (call it from TestMain as
// Main(m.Run)) with the garbage collector at gcPercent, unless GOGC says
// otherwise. The processes that prove the mutants (startShards) run it
// too, being copies of this one.
//
// Each test named in apart starts at once in a copy of this process, so
// that it runs beside the tests before it instead of after them: the
// checks share process-wide state, so two tests never run them side by
// side in one process. Such a test must begin with
// `if gradertest.RanApart(t) { return }`.
func Main(run func() int, apart ...string) int {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	flag.Parse()
	if err := startApart(apart); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := run()
	if names := unjoined(); len(names) > 0 {
		fmt.Fprintf(os.Stderr, "gradertest.Main started %v apart, but they never called gradertest.RanApart\n", names)
		return 1
	}
	return code
}
