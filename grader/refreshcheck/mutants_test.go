package refreshcheck

// Known-bad implementations of stage 5 ("mutants"). Each one is the
// reference solution with one classic mistake, marked `// BUG`;
// checks_test.go proves that the grader catches every one of them, and
// that every check catches at least one.

import (
	"net/http"

	"authlab/grader/gradertest"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// mutants returns a fresh set of mutants.
func mutants() []mutant {
	return []mutant{
		{
			Name: "forgets return after 401",
			Target: Target{Protect: func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("Authorization") == "" {
						w.Header().Set("WWW-Authenticate", "Bearer")
						http.Error(w, "Unauthorized", http.StatusUnauthorized)
						// BUG: no return, so the request reaches next anyway.
					}
					next.ServeHTTP(w, r)
				})
			}},
			MustFail: []string{"no-credential-401", "concurrent-no-credential-401"},
		},
	}
}
