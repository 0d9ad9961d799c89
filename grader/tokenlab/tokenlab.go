// Package tokenlab sets up the checks of the stages whose servers accept
// JSON Web Tokens: a per-run user, a fresh configuration per check with a
// random key, issuer and audience, and tokens minted with any claims.
package tokenlab

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
	"authlab/internal/jwtconfig"
	"authlab/internal/users"

	"github.com/golang-jwt/jwt/v5"
)

// The demo account `authlab serve` creates for a token stage: its name, the
// subject of the tokens the examples mint, and the environment variable that
// carries its password to a stage whose server logs users in.
const (
	DemoUser        = "ada"
	DemoPasswordEnv = "AUTHLAB_DEMO_PASSWORD"
)

// NewServerFunc is the shape of every token stage's server constructor.
type NewServerFunc func(cfg jwtconfig.Config, mcpHandler http.Handler) (http.Handler, error)

// Account is the one user of a run, with a random name and password.
type Account struct {
	Store    *users.Store
	User     users.User
	Password string
}

var (
	accountOnce sync.Once
	runAccount  Account
	accountErr  error
)

// TheAccount creates the run's user once, with User.Read: argon2id hashing
// is deliberately slow, and every check needs the same kind of user.
func TheAccount() (Account, error) {
	accountOnce.Do(func() {
		a := Account{Store: users.NewStore(), Password: probe.Random(12)}
		name := "user-" + probe.Random(6)
		if accountErr = a.Store.Add(name, a.Password, "Grace "+probe.Random(3), "User.Read"); accountErr == nil {
			a.User, _ = a.Store.Lookup(name)
			runAccount = a
		}
	})
	return runAccount, accountErr
}

// NewConfig returns a configuration with a random key, issuer and audience.
func NewConfig(acct Account) jwtconfig.Config {
	return jwtconfig.Config{
		SigningKey: []byte(probe.Random(32)),
		Issuer:     "https://issuer.authlab.test/" + probe.Random(6),
		Audience:   "mcp-" + probe.Random(6),
		TokenTTL:   randomTTL(),
		Users:      acct.Store,
	}
}

// randomTTL returns a token lifetime between 10 and 20 minutes that is at
// least 2 s away from a whole number of minutes, so that a lifetime written
// in the code (15 * time.Minute, jwtconfig.DefaultTokenTTL) cannot match it
// by chance, even within the second the checks allow for rounding.
func randomTTL() time.Duration {
	return 10*time.Minute + time.Duration(rand.IntN(10))*time.Minute + time.Duration(2+rand.IntN(57))*time.Second
}

// Fixture is one check's server: a fresh configuration served behind the
// learner's constructor.
type Fixture struct {
	Cfg     jwtconfig.Config
	Account Account
	Lab     *probe.Lab
}

// Start serves the catalog behind newServer with a fresh configuration;
// opts go to probe.Start.
func Start(newServer NewServerFunc, opts ...probe.Option) (*Fixture, error) {
	acct, err := TheAccount()
	if err != nil {
		return nil, err
	}
	f := &Fixture{Cfg: NewConfig(acct), Account: acct}
	f.Lab, err = probe.Start(func(next http.Handler) (http.Handler, error) { return newServer(f.Cfg, next) }, opts...)
	if err != nil {
		return nil, grader.Fail(phraseNewServerDefault.Say(nil), probe.PhraseHandlerNoError.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
	}
	return f, nil
}

// Claims returns the claims of a valid token for the run's user, with the
// user's permissions.
func (f *Fixture) Claims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"sub":         f.Account.User.Username,
		"name":        f.Account.User.Name,
		"permissions": f.Account.User.Permissions,
		"iss":         f.Cfg.Issuer,
		"aud":         f.Cfg.Audience,
		"iat":         now.Unix(),
		"exp":         now.Add(10 * time.Minute).Unix(),
	}
}

// Sign signs claims with method and key; it panics only on a grader bug.
func Sign(method jwt.SigningMethod, claims jwt.MapClaims, key any) string {
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		panic(fmt.Sprintf("tokenlab: signing a test token: %v", err))
	}
	return s
}

// Valid returns a valid token for the run's user.
func (f *Fixture) Valid() string { return Sign(jwt.SigningMethodHS256, f.Claims(), f.Cfg.SigningKey) }

// With returns a token like Valid's with the claims changed by edit.
func (f *Fixture) With(edit func(jwt.MapClaims)) string {
	c := f.Claims()
	edit(c)
	return Sign(jwt.SigningMethodHS256, c, f.Cfg.SigningKey)
}

// InvalidToken is the answer to a token that fails validation (RFC 6750 §3.1).
var InvalidToken = probe.Refusal{Status: http.StatusUnauthorized, Challenge: true, Error: "invalid_token"}

// WeakKeyCheck demands that newServer refuses an empty or 31-byte key.
func WeakKeyCheck(newServer NewServerFunc) grader.Check {
	return grader.Check{
		ID: "weak-key-refused", Name: "A missing or short signing key makes the server refuse to start",
		Sends:  "NewServer with an empty key, then with a 31-byte key",
		Expect: "an error each time, and no handler",
		Hint:   "golang-jwt signs and verifies with an empty HMAC key. Check len(cfg.SigningKey) >= jwtconfig.MinKeyLen (32) first and return an error naming the problem.",
		Run: func(ctx context.Context) error {
			acct, err := TheAccount()
			if err != nil {
				return err
			}
			for _, key := range []string{"", strings.Repeat("k", jwtconfig.MinKeyLen-1)} {
				cfg := NewConfig(acct)
				cfg.SigningKey = []byte(key)
				sent := phraseEmptyKeyServer.Say(nil)
				if key != "" {
					sent = phraseShortKey.Say(nil)
				}
				h, err := newServer(cfg, http.NotFoundHandler())
				switch {
				case err == nil:
					return grader.Fail(sent, probe.PhraseAnError.Say(nil), phraseNoErrorForged.Say(nil))
				case h != nil:
					return grader.Fail(sent, probe.PhraseErrorNoHandler.Say(nil), probe.PhraseErrorAndHandler.Say(nil))
				}
			}
			return nil
		},
	}
}

// Fixtures returns the start function of a token stage's
// probe.RefusalCheck: each call serves newServer with a fresh
// configuration, as Start does.
func Fixtures(newServer NewServerFunc) func() (*Fixture, *probe.Lab, error) {
	return func() (*Fixture, *probe.Lab, error) {
		f, err := Start(newServer)
		if err != nil {
			return nil, nil, err
		}
		return f, f.Lab, nil
	}
}

// Bearer makes the Authorization value of a refused request that carries
// the token mint signs, under the Bearer scheme.
func Bearer(mint func(f *Fixture) string) func(f *Fixture) string {
	return func(f *Fixture) string { return "Bearer " + mint(f) }
}

// MethodsCheck demands that the server guards every HTTP method: a GET
// opens the stream of server messages and a DELETE ends a session, so code
// that checks only POSTs leaves both open to anyone.
func MethodsCheck(newServer NewServerFunc) grader.Check {
	return probe.RefusalCheck[*Fixture]{
		ID: "every-method-guarded", Name: "GET and DELETE are guarded like POST",
		Sends:  "GET /mcp and DELETE /mcp on a live session with no token, then DELETE with a token signed with another key",
		Expect: `401 with WWW-Authenticate: Bearer each time (error="invalid_token" for the bad token), and none reaches the MCP handler`,
		Hint:   "Check the token before looking at the method: the middleware wraps every request to /mcp, not only the POSTs that carry tool calls.",
		Requests: []probe.RefusedRequest[*Fixture]{
			{Method: http.MethodGet, Sent: phraseNoAuthorizationHeader.Say(nil)},
			{Method: http.MethodDelete, Sent: phraseNoAuthorizationHeader.Say(nil)},
			{Method: http.MethodDelete, Sent: phraseTokenSignedAnotherKey.Say(nil), Want: InvalidToken,
				Authorization: Bearer(func(f *Fixture) string { return Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32))) })},
		},
		Want: probe.NoCredential,
	}.Check(Fixtures(newServer))
}

// ServeEnv returns fresh settings for `authlab serve` of a token stage with
// no login: a random key, a fixed issuer and audience.
func ServeEnv() map[string]string {
	return map[string]string{
		jwtconfig.KeyEnv:      probe.Random(32),
		jwtconfig.IssuerEnv:   "https://authlab.local/",
		jwtconfig.AudienceEnv: "authlab-mcp",
	}
}

// ServeLoginEnv is ServeEnv plus a fresh password for the demo user, for a
// stage whose server logs users in.
func ServeLoginEnv() map[string]string {
	env := ServeEnv()
	env[DemoPasswordEnv] = probe.Random(9)
	return env
}

// ServeConfig is the configuration `authlab serve` gives a token stage: the
// key, issuer and audience from the environment, and the demo user holding
// User.Read, with the password from the environment, or one nobody is told
// when the stage has no login.
func ServeConfig() (jwtconfig.Config, error) {
	password := os.Getenv(DemoPasswordEnv)
	if password == "" {
		password = probe.Random(24)
	}
	store := users.NewStore()
	if err := store.Add(DemoUser, password, "Demo User", "User.Read"); err != nil {
		return jwtconfig.Config{}, err
	}
	return jwtconfig.FromEnv(store)
}

// ServeHandler is the server `authlab serve` runs for a token stage whose
// learner writes NewServer: newServer with ServeConfig, in front of the
// catalog. The MCP handler is stateless, so a single curl request can call
// tools/list.
func ServeHandler(newServer NewServerFunc) (http.Handler, error) {
	cfg, err := ServeConfig()
	if err != nil {
		return nil, err
	}
	return newServer(cfg, catalog.New("serve").StatelessHandler())
}

// MintFromEnv signs an hour-long token for the demo user with perms, using
// the settings in env that `authlab serve` started the server with, so that
// curl examples need no login.
func MintFromEnv(env map[string]string, perms ...string) string {
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": DemoUser, "permissions": perms,
		"iss": env[jwtconfig.IssuerEnv], "aud": env[jwtconfig.AudienceEnv],
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}).SignedString([]byte(env[jwtconfig.KeyEnv]))
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return tok
}
