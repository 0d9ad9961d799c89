package tokenlab

import (
	"testing"
	"time"
)

// TestRandomTTLNeverNearAWholeMinute draws many lifetimes: none may come
// within 1 s of a whole number of minutes, or a lifetime hard-coded in the
// learner's code (900 s) would pass the checks that allow a second for
// rounding.
func TestRandomTTLNeverNearAWholeMinute(t *testing.T) {
	for range 10000 {
		ttl := randomTTL()
		off := ttl % time.Minute
		if ttl < 10*time.Minute || ttl >= 20*time.Minute || off <= time.Second || off >= time.Minute-time.Second {
			t.Fatalf("randomTTL() = %s: want 10 to 20 minutes, at least 2 s from a whole minute", ttl)
		}
	}
}
