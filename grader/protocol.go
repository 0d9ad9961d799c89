package grader

import (
	"crypto/rand"
	"encoding/binary"
	"hash/fnv"
	mrand "math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"
)

// The protocol between the runner and the test binary it builds from a
// target package: the one test function the grader entry file declares,
// and the environment variables that tell the harness what to do.
const (
	// TestName is the test function of every grader entry file.
	TestName = "TestAuthlab"
	// ModeEnv says what the harness does: ModeFast (the default), ModeDeep
	// or ModeServe.
	ModeEnv = "AUTHLAB_MODE"
	// ReportEnv names the file the harness appends one JSON CheckResult per
	// line to. Without it results go only to the test log.
	ReportEnv = "AUTHLAB_REPORT"
	// SeedEnv holds the seed of the run's pseudo-random choices (the
	// differential checks' variants), so a failure can be replayed.
	SeedEnv = "AUTHLAB_SEED"
	// OnlyEnv, when set, lists the ids of the checks to run, separated by
	// commas: the runner resumes a run whose process ended early with the
	// checks that had not run yet.
	OnlyEnv = "AUTHLAB_ONLY"
	// DeepScaleEnv, when it holds a share between 0 and 1, makes the deep
	// tier's differential checks send only that share of their variants
	// (never fewer than a hundred). authlab's own end-to-end tests set it:
	// they prove the pipeline, while each stage's tests prove the checks at
	// their full budget.
	DeepScaleEnv = "AUTHLAB_DEEP_SCALE"
	// ServeAddrEnv is the loopback address the harness serves the demo on
	// in ModeServe.
	ServeAddrEnv = "AUTHLAB_SERVE_ADDR"
	// ListeningPrefix starts the line the harness prints once the demo
	// server accepts connections, followed by its base URL.
	ListeningPrefix = "authlab: listening on "
)

// CapturePath is where a check that captures the process's output writes
// it while the report is at report: the runner reads it when the process
// ends in the middle of that check.
func CapturePath(report string) string { return report + ".out" }

// The harness's modes.
const (
	ModeFast  = "fast"
	ModeDeep  = "deep"
	ModeServe = "serve"
)

// testArgs returns the test binary's arguments for a run bounded by budget
// (0: no bound). As under go test, os.Exit(0) in a check panics instead of
// ending the process as if every check had passed.
func testArgs(budget time.Duration) []string {
	return []string{"-test.run=^" + TestName + "$", "-test.v=test2json", "-test.paniconexit0", "-test.timeout=" + budget.String()}
}

var (
	seedOnce sync.Once
	runSeed  uint64
)

// Seed returns the seed of this process's pseudo-random choices: SeedEnv
// when it holds a number, else one drawn once from crypto/rand.
func Seed() uint64 {
	seedOnce.Do(func() {
		if n, err := strconv.ParseUint(os.Getenv(SeedEnv), 10, 64); err == nil && n != 0 {
			runSeed = n
			return
		}
		runSeed = NewSeed()
	})
	return runSeed
}

// NewSeed draws a fresh, non-zero seed from crypto/rand.
func NewSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	if n := binary.LittleEndian.Uint64(b[:]) >> 12; n != 0 {
		return n // at most 13 digits: short enough to type
	}
	return 1
}

// RandFor returns the pseudo-random source of the check with the given id
// for seed: the same seed and id give the same choices, whatever ran before.
func RandFor(seed uint64, id string) *mrand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	return mrand.New(mrand.NewPCG(seed, h.Sum64()))
}

// DeepScale returns the share of their variants the deep tier's differential
// checks send when DeepScaleEnv holds value: a number between 0 and 1, or 1
// for a full run.
func DeepScale(value string) float64 {
	f, err := strconv.ParseFloat(value, 64)
	if err != nil || f <= 0 || f >= 1 {
		return 1
	}
	return f
}
