//go:build !unix

package probe

import "os"

// redirect points os.Stdout and os.Stderr at f and returns the function
// that points them back. Without file-descriptor redirection, loggers made
// before the capture are not caught.
func redirect(f *os.File) (restore func(), err error) {
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = f, f
	return func() { os.Stdout, os.Stderr = stdout, stderr }, nil
}
