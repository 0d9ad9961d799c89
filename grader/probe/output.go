package probe

import (
	"context"
	"io"
	"log"
	"os"

	"authlab/grader"
)

// CaptureOutput runs fn with everything the process prints captured: its
// standard output and error (at the file descriptors where the platform
// allows, so loggers made before the capture are caught too) and the log
// package's output. It returns what was printed. When ctx ends first, the
// capture stops then and fn is left to finish on its own.
//
// The output goes to a file beside the harness's report, so that if learner
// code ends the process during the capture, the runner can still show what
// it printed (a panic's trace among it).
func CaptureOutput(ctx context.Context, fn func()) (string, error) {
	f, err := captureFile()
	if err != nil {
		return "", err
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	restore, err := redirect(f)
	if err != nil {
		return "", err
	}
	prevLog := log.Writer()
	log.SetOutput(os.Stderr)
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	log.SetOutput(prevLog)
	restore()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	b, err := io.ReadAll(f)
	return string(b), err
}

// captureFile returns an empty file for a capture: the one the runner reads
// after a crash when it is running us, else a temporary one.
func captureFile() (*os.File, error) {
	if report := os.Getenv(grader.ReportEnv); report != "" {
		return os.Create(grader.CapturePath(report))
	}
	return os.CreateTemp("", "authlab-output-")
}
