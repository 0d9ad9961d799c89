package tui

import (
	"context"
	"sync/atomic"
	"time"

	"authlab/internal/lab"
)

// common is the context every component shares: the lab, the styles, the
// keymap, the program's context and the background work still going.
type common struct {
	lab    *lab.Lab
	ctx    context.Context
	styles styles
	keys   keyMap
	jobs   *jobs
}

func newCommon(ctx context.Context, l *lab.Lab) *common {
	return &common{lab: l, ctx: ctx, styles: newStyles(true), keys: newKeyMap(), jobs: &jobs{}}
}

// jobs counts the grader runs and warm-ups going on in the background, so
// that quitting can wait for their processes to be gone.
type jobs struct {
	running atomic.Int64
}

// start counts a job in; the returned function counts it out.
func (j *jobs) start() (done func()) {
	j.running.Add(1)
	return func() { j.running.Add(-1) }
}

// wait waits until no job is running, or until the timeout passes.
func (j *jobs) wait(timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for j.running.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}
