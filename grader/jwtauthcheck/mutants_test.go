package jwtauthcheck

// Known-bad implementations of stage 2 ("mutants"). Each one is the reference
// solution (authlab/solutions/jwtauth) with one classic mistake, marked
// `// BUG`; checks_test.go proves that the grader catches every one of them,
// and that every check catches at least one. The mutants live in files by
// the part they break: mutants_middleware_test.go, mutants_parse_test.go,
// mutants_login_test.go, mutants_issue_test.go, mutants_server_test.go,
// mutants_client_test.go.

import (
	"context"
	"net/http"
	"os"
	"slices"

	"authlab/grader/gradertest"
	"authlab/internal/jwtconfig"
	"authlab/solutions/jwtauth"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{NewServer: jwtauth.NewServer, Login: jwtauth.Login, CallTool: jwtauth.CallTool, ParseToken: parseWith(jwtauth.ParseToken),
	ClaimsFrom: claimsFrom, Source: os.DirFS("../../solutions/jwtauth")}

// parseWith is the entry file's binding of a ParseToken.
func parseWith(parse func(cfg jwtconfig.Config, raw string) (*jwtauth.Claims, error)) func(jwtconfig.Config, string) error {
	return func(cfg jwtconfig.Config, raw string) error { _, err := parse(cfg, raw); return err }
}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close, a cache).
func mutants() []mutant {
	all := slices.Concat(middlewareMutants(), parseMutants(), loginMutants(), issueMutants(), serverMutants(), clientMutants())
	for i, m := range all {
		if !slices.Contains(m.MustFail, "claims-handed-on") {
			all[i].Target = handingClaimsOn(m.Target)
		}
	}
	return all
}

// handingClaimsOn gives a mutant whose bug lies elsewhere the solution's
// way of handing claims on: many mutants are middleware written anew, and
// without this every one of them would also fail claims-handed-on. The
// claims go in only for a token the solution's ParseToken accepts, and
// never over claims the mutant handed on itself.
func handingClaimsOn(t Target) Target {
	newServer := t.NewServer
	t.NewServer = func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error) {
		return newServer(cfg, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, _, ok := claimsFrom(r.Context()); !ok {
				if token, found := bearer(r); found {
					if claims, err := jwtauth.ParseToken(cfg, token); err == nil {
						r = r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims))
					}
				}
			}
			mcpHandler.ServeHTTP(w, r)
		}))
	}
	return t
}
