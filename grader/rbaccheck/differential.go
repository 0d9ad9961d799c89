package rbaccheck

import (
	"authlab/grader"
	"context"
	"slices"

	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
)

// differential compares the learner's server with the stage's reference
// decision on many variants of a request carrying a valid token with
// User.Read for the run's user.
func differential(t Target) oracle.Differential {
	return oracle.Differential{
		ID: "differential", Stage: ID,
		Name: "Hundreds of variants of a permitted request each get the answer the stage demands",
		Sends: "a tools/call with a valid token carrying User.Read, then variants of it, alone and combined at random: the " +
			"permissions claim changed in value, type, case, separators and name, the sub changed or moved to name, headers, " +
			"_meta and tool arguments that claim an identity or a permission, every claim of the token, the scheme, other " +
			"methods and paths, the token moved out of Authorization",
		Expect: "an invalid token is 401 invalid_token and none is 401 with a challenge; a valid token whose sub is not exactly a " +
			"user in the store is 403; one without exactly User.Read in a list of strings is 403 insufficient_scope with " +
			"scope=\"User.Read\"; every other gets through and the tools see its sub and permissions",
		Hint: "Validate the token, look its sub up exactly (cfg.Users.Lookup(claims.Subject)), then demand User.Read exactly in " +
			"the permissions list (slices.Contains); decide from the verified token only.",
		Start: func(ctx context.Context) (oracle.Spec, func(), error) {
			f, err := tokenlab.Start(t.NewServer)
			if err != nil {
				return oracle.Spec{}, nil, err
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				f.Lab.Close()
				return oracle.Spec{}, nil, err
			}
			u := f.Account.User
			// The stage's own concerns first, and the methods: the fast tier
			// pairs only the first few dozen generators with every refuser.
			literals := oracle.Literals(t.Source)
			spec := oracle.Spec{
				Base: f.Draft(session).Clone,
				Gens: slices.Concat(tokenlab.PermissionGens(Permission, "Guest.Read", "User.Write", "Admin.Write"), f.SubjectGens(),
					oracle.MethodGens(), oracle.IdentityGens(u.Username, Permission), f.TokenGens(), oracle.PathGens(),
					oracle.SchemeGens(), oracle.CredentialGens(), oracle.PlaceGens(), oracle.AuthHeaderGens(), oracle.QueryGens(), oracle.LiteralClaimGens(literals, Permission, "Admin.Write", u.Username)),
				Singles:  oracle.LiteralPlaceGens(literals),
				Refusers: slices.Concat(permissionRefusers(), tokenlab.TokenRefusers()),
				Judge:    oracle.HTTP(f.Lab, f.Model(onValid([]string{u.Username}))),
			}
			return spec, func() { closeSession(); f.Lab.Close() }, nil
		},
	}
}

// phraseGhostSub names the step that makes the token's sub a user who
// does not exist.
var phraseGhostSub = grader.NewPhraseForm("step.sub-nobody", "sub set to a user who does not exist")

// permissionRefusers make the base request one of a valid token the server
// must still refuse: without User.Read, or for a user who does not exist.
// Paired with every generator, they show whatever else (a header, _meta,
// another claim) a server lets stand in for the permission or the user.
func permissionRefusers() []oracle.Gen {
	return []oracle.Gen{
		oracle.Fixed(oracle.Step{Name: oracle.PhraseClaimSet.Say(map[string]any{"Claim": "permissions", "Value": `["Guest.Read"]`}), Apply: func(d *oracle.Draft) {
			if d.Token != nil {
				d.Token.Claims["permissions"] = []any{"Guest.Read"}
			}
		}}),
		oracle.Fixed(oracle.Step{Name: phraseGhostSub.Say(nil), Apply: func(d *oracle.Draft) {
			if d.Token != nil {
				d.Token.Claims["sub"] = "ghost-" + probe.Random(4)
			}
		}}),
	}
}

// onValid is stage 3's answer to a valid token, given the user names in
// the store: its sub must name one of them exactly (else 401 invalid_token,
// as for a revoked token, whatever its permissions), and its permissions must be a JSON array of strings holding User.Read
// exactly (else 403 insufficient_scope); then it gets through, and the
// tools see the sub and the permissions, as a set.
func onValid(usernames []string) func(claims map[string]any) oracle.Expect {
	return func(claims map[string]any) oracle.Expect {
		var e oracle.Expect
		sub, isString := claims["sub"].(string)
		perms, isList := stringList(claims["permissions"])
		switch {
		case !isString || !slices.Contains(usernames, sub):
			e = oracle.Refused(unknownUser)
		case !isList || !slices.Contains(perms, Permission):
			e = oracle.Refused(insufficientScope)
		default:
			e = oracle.Expect{{Allow: true, Identity: &probe.Identity{UserID: sub, Scopes: perms}}}
			// A list is a set: the tools may be told it without repeats.
			if set := slices.Compact(slices.Sorted(slices.Values(perms))); len(set) < len(perms) {
				e = e.Or(oracle.Expect{{Allow: true, Identity: &probe.Identity{UserID: sub, Scopes: set}}})
			}
		}
		// A server that decodes claims into typed fields may refuse a
		// name that is not a string as a malformed token.
		if name, present := claims["name"]; present {
			if _, ok := name.(string); !ok {
				e = e.Or(oracle.Refused(tokenlab.InvalidToken))
			}
		}
		return e
	}
}

// stringList returns a decoded permissions claim as strings, and whether
// it is a JSON array of strings (an absent claim is an empty list).
func stringList(v any) ([]string, bool) {
	if v == nil {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
