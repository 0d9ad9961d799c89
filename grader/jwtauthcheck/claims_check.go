package jwtauthcheck

import (
	"context"
	"errors"

	"authlab/grader"
	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
)

// claimsCheck demands that the middleware hand on, in the request's
// context, the claims of the token it verified, and nothing the caller
// wrote elsewhere: what ClaimsFrom returns is who the server thinks is
// calling.
func claimsCheck(t Target) grader.Check {
	return grader.Check{
		ID: "claims-handed-on", Name: "The verified claims, and only they, reach the handler through ClaimsFrom",
		Sends: "a tools/call with a valid token, an X-User-Id header naming another user and an X-Permissions header " +
			"claiming Admin.Write; then ClaimsFrom on the request that reached the MCP handler",
		Expect: "ClaimsFrom returns the token's sub and permissions",
		Hint: "After ParseToken succeeds, call next with r.WithContext(context.WithValue(r.Context(), claimsKey{}, claims)): the " +
			"claims you verified, never a copy patched from headers, the body or anything else the caller wrote.",
		Run: func(ctx context.Context) error {
			if t.ClaimsFrom == nil {
				return errors.New("the grader entry file binds no ClaimsFrom: authlab restores it before every check")
			}
			f, err := tokenlab.Start(t.NewServer, t.claimsOption()...)
			if err != nil {
				return err
			}
			defer f.Lab.Close()
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				return err
			}
			defer closeSession()
			u := f.Account.User
			token := f.Valid()
			req := tokenlab.ToolCallRequest(session, catalog.ToolListProducts, map[string]string{
				"Authorization": "Bearer " + token,
				"X-User-Id":     "admin-" + probe.Random(4),
				"X-Permissions": "Admin.Write",
			})
			want := oracle.Expect{{Allow: true, Identity: &probe.Identity{UserID: u.Username, Scopes: u.Permissions}}}
			return tokenlab.ExpectAnswer(ctx, f.Lab, phraseClaimsSent.Say(nil),
				req, want, token)
		},
	}
}
