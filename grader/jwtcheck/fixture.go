package jwtcheck

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

// account is the one user of a run, with a random name and password.
type account struct {
	store    *users.Store
	user     users.User
	password string
}

var (
	accountOnce sync.Once
	runAccount  account
	accountErr  error
)

// theAccount creates the run's user once: argon2id hashing is deliberately
// slow, and every check needs the same kind of user.
func theAccount() (account, error) {
	accountOnce.Do(func() {
		a := account{store: users.NewStore(), password: probe.Random(12)}
		name := "user-" + probe.Random(6)
		if accountErr = a.store.Add(name, a.password, "Grace "+probe.Random(3), "User.Read"); accountErr == nil {
			a.user, _ = a.store.Lookup(name)
			runAccount = a
		}
	})
	return runAccount, accountErr
}

// fixture is one check's server: a fresh configuration with a random key,
// issuer and audience, served behind the learner's NewServer.
type fixture struct {
	cfg     jwtconfig.Config
	account account
	lab     *probe.Lab
}

func newConfig(acct account) jwtconfig.Config {
	return jwtconfig.Config{
		SigningKey: []byte(probe.Random(32)),
		Issuer:     "https://issuer.authlab.test/" + probe.Random(6),
		Audience:   "mcp-" + probe.Random(6),
		TokenTTL:   randomTTL(),
		Users:      acct.store,
	}
}

// randomTTL returns a token lifetime between 10 and 20 minutes that is
// never a whole number of minutes, so that a lifetime written in the code
// (15 * time.Minute, jwtconfig.DefaultTokenTTL) cannot match it by chance.
func randomTTL() time.Duration {
	return 10*time.Minute + time.Duration(rand.IntN(10))*time.Minute + time.Duration(1+rand.IntN(59))*time.Second
}

// start serves the catalog behind newServer with a fresh configuration.
func start(newServer func(jwtconfig.Config, http.Handler) (http.Handler, error)) (*fixture, error) {
	acct, err := theAccount()
	if err != nil {
		return nil, err
	}
	f := &fixture{cfg: newConfig(acct), account: acct}
	f.lab, err = probe.Start(func(next http.Handler) (http.Handler, error) { return newServer(f.cfg, next) })
	if err != nil {
		return nil, &grader.Failure{
			Sent:     "NewServer(cfg, mcp) with a 43-byte key, an issuer, an audience and a user store",
			Expected: "a handler and no error",
			Got:      "error: " + err.Error(),
		}
	}
	return f, nil
}

// claims returns the claims of a valid token for the run's user.
func (f *fixture) claims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"sub":         f.account.user.Username,
		"name":        f.account.user.Name,
		"permissions": f.account.user.Permissions,
		"iss":         f.cfg.Issuer,
		"aud":         f.cfg.Audience,
		"iat":         now.Unix(),
		"exp":         now.Add(10 * time.Minute).Unix(),
	}
}

// sign signs claims with method and key; it panics only on a grader bug.
func sign(method jwt.SigningMethod, claims jwt.MapClaims, key any) string {
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		panic(fmt.Sprintf("jwtcheck: signing a test token: %v", err))
	}
	return s
}

// valid returns a valid token for the run's user.
func (f *fixture) valid() string { return sign(jwt.SigningMethodHS256, f.claims(), f.cfg.SigningKey) }

// with returns a token like valid's with the claims changed by edit.
func (f *fixture) with(edit func(jwt.MapClaims)) string {
	c := f.claims()
	edit(c)
	return sign(jwt.SigningMethodHS256, c, f.cfg.SigningKey)
}
