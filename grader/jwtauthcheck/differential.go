package jwtauthcheck

import (
	"context"
	"slices"

	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
)

// differential compares the learner's token check with the reference
// validator on many variants of a request carrying a valid token.
func differential(t Target) oracle.Differential {
	return oracle.Differential{
		ID: "differential", Stage: ID,
		Name: "Hundreds of variants of a valid request each get the answer RFC 6750 and RFC 8725 demand",
		Sends: "a tools/call with a valid token, then variants of it, alone and combined at random: the token's algorithm, key, " +
			"signature and every registered claim changed in value and type, the scheme and spaces written other ways, the token " +
			"moved to the URL, a cookie, another header or the body, other methods and paths, headers that claim an identity",
		Expect: "a valid token gets through; an invalid one is 401 with WWW-Authenticate: Bearer error=\"invalid_token\"; none is 401 " +
			"with a challenge and no error code; where the standards leave a choice (a token that expired seconds ago), either",
		Hint: "Validate with jwt.ParseWithClaims and every option: WithValidMethods HS256, WithExpirationRequired, WithIssuer, WithAudience, " +
			"a leeway of seconds; read the token from Authorization only.",
		Start: func(ctx context.Context) (oracle.Spec, func(), error) {
			f, err := tokenlab.Start(t.NewServer, t.claimsOption()...)
			if err != nil {
				return oracle.Spec{}, nil, err
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				f.Lab.Close()
				return oracle.Spec{}, nil, err
			}
			u := f.Account.User
			literals := oracle.Literals(t.Source)
			spec := oracle.Spec{
				Base: f.Draft(session).Clone,
				Gens: slices.Concat(oracle.MethodGens(), oracle.PathGens(), oracle.SchemeGens(), oracle.CredentialGens(),
					oracle.PlaceGens(), oracle.AuthHeaderGens(), oracle.IdentityGens(u.Username, "User.Read", "Admin.Write"),
					oracle.QueryGens(), f.TokenGens(), f.SubjectGens(), oracle.LiteralClaimGens(literals, u.Username, "User.Read", "Admin.Write")),
				Singles:  oracle.LiteralPlaceGens(literals),
				Refusers: tokenlab.TokenRefusers(),
				Judge:    oracle.HTTP(f.Lab, f.Model(t.onValid)),
			}
			return spec, func() { closeSession(); f.Lab.Close() }, nil
		},
	}
}

// onValid is stage 2's answer to a valid token: it gets through, and,
// when the package hands its claims on (ClaimsFrom), they are the token's
// sub and permissions. Only a sub, name or permissions claim of an odd type
// lets a server that decodes claims into typed fields refuse the token as
// malformed, or hand on nothing of what it could not decode.
func (t Target) onValid(claims map[string]any) oracle.Expect {
	sub, subOK := claims["sub"].(string)
	_, nameOK := claims["name"].(string)
	if _, present := claims["name"]; !present {
		nameOK = true
	}
	perms, permsOK := stringList(claims["permissions"]), tokenlab.StringList(claims["permissions"])
	if !nameOK || !permsOK || !subOK {
		return oracle.Allowed().Or(oracle.Refused(tokenlab.InvalidToken))
	}
	if t.ClaimsFrom == nil {
		return oracle.Allowed()
	}
	return oracle.Expect{{Allow: true, Identity: &probe.Identity{UserID: sub, Scopes: perms}}}
}
