package jwtcheck

import (
	"context"
	"net/http"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/jwtconfig"
)

// Checks returns stage 2's checks against t, in the order they run.
func Checks(t Target) []grader.Check {
	var all []grader.Check
	all = append(all, loginChecks(t)...)
	all = append(all, tokenChecks(t)...)
	all = append(all, clientChecks(t)...)
	all = append(all, probe.LoopbackOnlyCheck(), weakKeyCheck(t))
	return all
}

func weakKeyCheck(t Target) grader.Check {
	return grader.Check{
		ID: "weak-key-refused", Name: "A missing or short signing key makes the server refuse to start",
		Sends:  "NewServer with an empty key, then with a 31-byte key",
		Expect: "an error each time, and no handler",
		Hint:   "golang-jwt signs and verifies with an empty HMAC key. Check len(cfg.SigningKey) >= jwtconfig.MinKeyLen (32) first and return an error naming the problem.",
		Run: func(ctx context.Context) error {
			acct, err := theAccount()
			if err != nil {
				return err
			}
			for _, key := range []string{"", strings.Repeat("k", jwtconfig.MinKeyLen-1)} {
				cfg := newConfig(acct)
				cfg.SigningKey = []byte(key)
				sent := "NewServer with an empty signing key"
				if key != "" {
					sent = "NewServer with a 31-byte signing key"
				}
				h, err := t.NewServer(cfg, http.NotFoundHandler())
				switch {
				case err == nil:
					return grader.Failf(sent, "an error", "no error: tokens signed with that key could be forged")
				case h != nil:
					return grader.Failf(sent, "an error and no handler", "an error, but also a handler")
				}
			}
			return nil
		},
	}
}
