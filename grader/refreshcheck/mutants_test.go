package refreshcheck

// Known-bad implementations of stage 5 ("mutants"). Each one is the
// reference solution with one classic mistake, marked `// BUG`:
// mutants_server_test.go holds the server's, mutants_client_test.go the
// client's. checks_test.go proves that the grader catches every one of
// them, and that every check catches at least one.

import "authlab/grader/gradertest"

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// serverMutant is the solution with a mutant server.
func serverMutant(name string, b serverBugs, mustFail ...string) mutant {
	return mutant{Name: name, Target: Target{NewServer: buggyServer(b), NewTransport: solution.NewTransport}, MustFail: mustFail}
}

// clientMutant is the solution with a mutant transport.
func clientMutant(name string, b clientBugs, mustFail ...string) mutant {
	return mutant{Name: name, Target: Target{NewServer: solution.NewServer, NewTransport: buggyTransport(b)}, MustFail: mustFail}
}

// mutants returns a fresh set of mutants.
func mutants() []mutant {
	return []mutant{
		serverMutant("the mutant server with no bug passes every check", serverBugs{}),
		serverMutant("64-bit refresh token", serverBugs{shortToken: true}, "login-issues-refresh-token"),
		serverMutant("refresh token stored in clear", serverBugs{storedInClear: true}, "refresh-token-stored-hashed"),
		serverMutant("no rotation", serverBugs{noRotation: true}, "refresh-rotates", "reuse-revokes-family", "refresh-race-one-winner"),
		serverMutant("rotation without reuse detection", serverBugs{noReuseDetection: true}, "reuse-revokes-family"),
		serverMutant("reuse revokes only the one token", serverBugs{reuseRevokesOne: true}, "reuse-revokes-family"),
		serverMutant("reuse revokes every login", serverBugs{reuseRevokesAll: true}, "reuse-revokes-family"),
		serverMutant("refresh token accepted as access token", serverBugs{refreshAsAccess: true}, "refresh-token-not-access"),
		serverMutant("access token accepted as refresh token", serverBugs{accessAsRefresh: true}, "access-token-not-refresh"),
		serverMutant("expired refresh token accepted", serverBugs{noExpiry: true}, "refresh-expires-with-login"),
		serverMutant("rotation extends the lifetime", serverBugs{slidingExpiry: true}, "refresh-expires-with-login"),
		serverMutant("missing refresh_token answered invalid_grant", serverBugs{missingAsGrant: true}, "token-request-errors"),
		serverMutant("refresh token read from the URL", serverBugs{readsQuery: true}, "refresh-token-not-in-url"),
		serverMutant("refusals without no-store", serverBugs{cacheOnlyGrants: true}, "token-answers-no-store"),
		serverMutant("revoke does nothing", serverBugs{revokeNoop: true}, "revoke-kills-token", "revoke-kills-family"),
		serverMutant("revoke spares the family", serverBugs{revokeOnlyKey: true}, "revoke-kills-family"),
		serverMutant("revoke leaks whether a token existed", serverBugs{revokeLeaks: true}, "revoke-unknown-200"),
		serverMutant("refresh decided on a read, marked later", serverBugs{checkThenMark: true}, "refresh-race-one-winner", "refresh-race-deep"),
		serverMutant("starts without a refresh store", serverBugs{noConfigCheck: true}, "refresh-config-refused"),
		serverMutant("refresh token in the logs", serverBugs{logsTokens: true}, "logs-hold-no-credentials"),
		clientMutant("client retries forever", clientBugs{loops: true}, "client-never-loops"),
		clientMutant("client retries with the refused access token", clientBugs{staleRetry: true}, "client-refreshes-and-retries"),
		clientMutant("client sends the grant as JSON", clientBugs{jsonGrant: true}, "client-refreshes-and-retries"),
		clientMutant("client retries a body it cannot replay", clientBugs{replaysAnyBody: true}, "client-no-replay-without-getbody"),
		clientMutant("client refreshes on any refusal", clientBugs{refreshesOnAny: true}, "client-refreshes-only-on-invalid-token"),
		clientMutant("client refreshes once per refused request", clientBugs{noRecheck: true}, "client-concurrent-refresh-once"),
	}
}
