package grader

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// CheckDeadline bounds a single check. Learner code that has not answered by
// then is reported as hanging.
const CheckDeadline = 5 * time.Second

// RunCheck runs c in the current process with a deadline, turning a panic or
// a hang in the code under test into a failed result instead of a crash.
func RunCheck(ctx context.Context, c Check, deadline time.Duration) CheckResult {
	res := CheckResult{ID: c.ID, Name: c.Name, Hint: c.Hint}
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()

	start := time.Now()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				root, dir := LearnerDirs()
				done <- PanicCause(p, string(debug.Stack()), root, dir).PanicFailure(Phrase{})
			}
		}()
		done <- c.Run(ctx)
	}()

	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		// Give a check that honours ctx a moment to report why it stopped.
		select {
		case err = <-done:
		case <-time.After(100 * time.Millisecond):
			err = hung(deadline)
		}
	}
	res.Millis = time.Since(start).Milliseconds()
	if err == nil {
		res.Pass = true
		return res
	}
	f := AsFailure(err)
	res.Sent, res.Expected, res.Got, res.Detail, res.Where = f.Sent, f.Expected, f.Got, f.Detail, f.Where
	res.GotPhrases, res.ExpectedPhrase, res.SentPhrase = f.GotPhrases, f.ExpectedPhrase, f.SentPhrase
	res.DetailPhrase = f.DetailPhrase
	if f.Hint != "" {
		res.Hint, res.HintPhrase = f.Hint, f.HintPhrase
	}
	return res
}

// hung describes a check whose code did not answer within deadline, with
// the line of learner code a goroutine is blocked at, when there is one.
func hung(deadline time.Duration) *Failure {
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	root, dir := LearnerDirs()
	where := LearnerFrame(stacks, root, dir)
	expected := phraseAnswerWithin.Say(map[string]any{"Deadline": deadline})
	got := phraseBlocking.say(where, nil)
	return &Failure{
		Expected: expected.Text, ExpectedPhrase: &expected,
		Got: got.Text, GotPhrases: []Phrase{got},
		Where: where, Hint: HangHint,
	}
}

var (
	dirsOnce          sync.Once
	learnerRoot, lDir string
)

// LearnerDirs returns the module root and the folder of the package under
// test. The runner starts the test binary in that folder, as go test does.
func LearnerDirs() (root, dir string) {
	dirsOnce.Do(func() {
		if wd, err := os.Getwd(); err == nil {
			lDir, learnerRoot = wd, ModuleRoot(wd)
		}
	})
	return learnerRoot, lDir
}
