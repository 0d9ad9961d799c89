package probe

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// early is a logger made before any capture, holding the real stderr, as
// a package-level logger in learner code would.
var early = log.New(os.Stderr, "early: ", 0)

func TestCaptureOutputCatchesEveryWayOfPrinting(t *testing.T) {
	out, err := CaptureOutput(context.Background(), func() {
		fmt.Println("from fmt")
		log.Printf("from log")
		fmt.Fprintln(os.Stderr, "from stderr")
		early.Print("from an early logger")
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"from fmt", "from log", "from stderr"} {
		if !strings.Contains(out, want) {
			t.Errorf("captured %q, want %q in it", out, want)
		}
	}
	if runtime.GOOS != "windows" && !strings.Contains(out, "from an early logger") {
		t.Errorf("captured %q, want the early logger's line too", out)
	}
	after, _ := CaptureOutput(context.Background(), func() {})
	if after != "" {
		t.Errorf("a second capture starts with %q", after)
	}
}

func TestCaptureOutputStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	if _, err := CaptureOutput(ctx, func() { <-release }); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("the capture waited %s for code that never returns", time.Since(start))
	}
}
