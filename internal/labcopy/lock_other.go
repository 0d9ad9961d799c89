//go:build !unix

package labcopy

// lock fails at once where flock is missing: every test gets a fresh copy.
func lock(string) (func(), error) { return nil, errNoLocks }
