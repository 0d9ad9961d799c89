package gradertest

import (
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
// otherwise. The processes that
// prove the mutants (startShards) run it too, being copies of this one.
func Main(run func() int) int {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	return run()
}
