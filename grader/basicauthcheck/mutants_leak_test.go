package basicauthcheck

// Mutants that print a credential: to the log on a refusal, to standard
// output at startup, through a logger made before any check ran, and from
// the client.

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"

	"authlab/solutions/basicauth"
)

func leakMutants() []mutant {
	return []mutant{
		{
			Name:     "refused header logged",
			Target:   withMiddleware(logsRefusals),
			MustFail: []string{"logs-hold-no-credentials"},
		},
		{
			Name:     "secret printed at startup",
			Target:   changed(func(t *Target) { t.Protect = protectPrintsSecret }),
			MustFail: []string{"logs-hold-no-credentials"},
		},
		{
			Name:     "audit logger made at init logs the header",
			Target:   withMiddleware(auditsHeaders),
			MustFail: []string{"logs-hold-no-credentials"},
		},
		{
			Name: "client logs its secret",
			Target: changed(func(t *Target) {
				t.ListTools = func(ctx context.Context, endpoint, secret string) ([]string, error) {
					slog.Info("connecting to the MCP server", "endpoint", endpoint, "secret", secret) // BUG
					return basicauth.ListTools(ctx, endpoint, secret)
				}
			}),
			MustFail: []string{"logs-hold-no-credentials"},
		},
	}
}

// Models logging what a refused request carried "to debug it": a near miss
// is most of the secret.
func logsRefusals(secret string, next http.Handler) http.Handler {
	guarded := goodMiddleware(secret, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if credential, ok := bearerCredential(r.Header.Get("Authorization")); !ok || !sameSecret(credential, secret) {
			log.Printf("refused %s %s: Authorization %q", r.Method, r.URL.Path, r.Header.Get("Authorization")) // BUG
		}
		guarded.ServeHTTP(w, r)
	})
}

// Models announcing the configuration at startup, secret included.
func protectPrintsSecret(next http.Handler) (http.Handler, error) {
	h, err := basicauth.Protect(next)
	if err == nil {
		fmt.Println("authlab: protecting /mcp with secret", os.Getenv(SecretEnv)) // BUG
	}
	return h, err
}

// auditLog is a logger made when the package loads, before any check ran:
// it holds the process's standard error as it was then.
var auditLog = log.New(os.Stderr, "audit: ", log.LstdFlags)

// Models an audit trail of every request that records its Authorization
// header.
func auditsHeaders(secret string, next http.Handler) http.Handler {
	guarded := goodMiddleware(secret, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auditLog.Printf("%s %s authorization=%s", r.Method, r.URL.Path, r.Header.Get("Authorization")) // BUG
		guarded.ServeHTTP(w, r)
	})
}
