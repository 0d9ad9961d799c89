package basicauthcheck

// Mutants of Protect's start: the secret hard-coded, an empty one accepted,
// an error that names nothing, a handler returned with it, a listener of
// its own.

import (
	"errors"
	"net/http"
	"os"

	"authlab/grader/gradertest"
	"authlab/solutions/basicauth"
)

func startupMutants() []mutant {
	var strays strayListeners
	return []mutant{
		{
			Name:   "hard-coded secret",
			Target: changed(func(t *Target) { t.Protect = hardCodedSecret }),
			MustFail: []string{"right-secret-works", "scheme-any-case", "session-not-a-credential", "instances-keep-own-secret", "differential",
				"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "no check on an empty secret",
			Target:   changed(func(t *Target) { t.Protect = noSecretCheck }),
			MustFail: []string{"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "LookupEnv: refuses only an unset secret",
			Target:   changed(func(t *Target) { t.Protect = refusesOnlyUnset }),
			MustFail: []string{"empty-secret-refused"},
		},
		{
			Name:     "error does not name AUTHLAB_SECRET",
			Target:   changed(func(t *Target) { t.Protect = vagueError }),
			MustFail: []string{"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "handler returned with the error",
			Target:   changed(func(t *Target) { t.Protect = handlerWithError }),
			MustFail: []string{"unset-secret-refused", "empty-secret-refused"},
		},
		{
			Name:     "serves itself on every interface",
			Target:   changed(func(t *Target) { t.Protect = strays.protect }),
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.Close,
		},
	}
}

// Models a secret written in the source instead of read from the environment.
func hardCodedSecret(next http.Handler) (http.Handler, error) {
	const secret = "correct-horse-battery-staple" // BUG
	return goodMiddleware(secret, next), nil
}

// Models os.Getenv with no check: an unset variable gives the empty secret.
func noSecretCheck(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv) // BUG: "" is accepted as a secret
	return goodMiddleware(secret, next), nil
}

// Models os.LookupEnv trusted alone: AUTHLAB_SECRET="" counts as set.
func refusesOnlyUnset(next http.Handler) (http.Handler, error) {
	secret, ok := os.LookupEnv(SecretEnv)
	if !ok { // BUG: an empty value passes
		return nil, basicauth.ErrNoSecret
	}
	return goodMiddleware(secret, next), nil
}

// Models an error that does not say which variable to set.
func vagueError(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv)
	if secret == "" {
		return nil, errors.New("no secret configured") // BUG: names no variable
	}
	return goodMiddleware(secret, next), nil
}

// Models building the handler first and returning it alongside the error.
func handlerWithError(next http.Handler) (http.Handler, error) {
	secret := os.Getenv(SecretEnv)
	h := goodMiddleware(secret, next)
	if secret == "" {
		return h, basicauth.ErrNoSecret // BUG: the handler should be nil
	}
	return h, nil
}

// strayListeners models `go http.ListenAndServe(":8080", h)` inside Protect.
type strayListeners struct{ gradertest.StrayListeners }

func (s *strayListeners) protect(next http.Handler) (http.Handler, error) {
	h, err := basicauth.Protect(next)
	if err != nil {
		return nil, err
	}
	if err := s.Serve(h); err != nil {
		return nil, err
	}
	return h, nil
}
