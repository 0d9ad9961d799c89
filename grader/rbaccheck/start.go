package rbaccheck

import (
	"fmt"
	"net/http"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

// startWith serves the catalog behind t's server with a fresh
// configuration that edit may change first (another key, another user
// store); sent describes that configuration to the learner.
func startWith(t Target, sent grader.Phrase, edit func(cfg *jwtconfig.Config)) (*tokenlab.Fixture, error) {
	acct, err := tokenlab.TheAccount()
	if err != nil {
		return nil, err
	}
	cfg := tokenlab.NewConfig(acct)
	edit(&cfg)
	lab, err := probe.Start(func(next http.Handler) (http.Handler, error) { return t.NewServer(cfg, next) })
	if err != nil {
		return nil, grader.Fail(sent, probe.PhraseHandlerNoError.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
	}
	return &tokenlab.Fixture{Cfg: cfg, Account: acct, Lab: lab}, nil
}

// crowd is a user store of its own with a few users, for the checks that
// need more than the run's one user.
type crowd struct {
	Store *users.Store
	Users []string // their user names
}

// newCrowds returns two fresh stores with different users: the first
// holds three users, the second one. Nobody logs in to this stage, so they
// share one password hash: argon2id is deliberately slow, and far slower
// under the race detector.
func newCrowds() ([2]crowd, error) {
	var crowds [2]crowd
	for i, size := range []int{3, 1} {
		crowds[i].Store = users.NewStore()
		for range size {
			name := "user-" + probe.Random(6)
			if err := crowds[i].Store.AddHashed(name, users.DummyHash, "Someone "+probe.Random(3), Permission); err != nil {
				return crowds, err
			}
			crowds[i].Users = append(crowds[i].Users, name)
		}
	}
	return crowds, nil
}

// tokenFor returns a token valid for f's server, for username with perms.
func tokenFor(f *tokenlab.Fixture, username string, perms []string) string {
	return f.With(func(c jwt.MapClaims) {
		c["sub"], c["name"], c["permissions"] = username, "Someone", perms
	})
}

// describeUser says which user a check's request names.
func describeUser(username string) string { return fmt.Sprintf("user %q", username) }
