package basicauthcheck

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// wrongCredential is the chapter's answer to a credential it does not
// accept.
var wrongCredential = probe.Refusal{Status: http.StatusForbidden}

// differential compares the learner's middleware with the chapter's rule on
// many variants of a request carrying the right secret.
func differential(t Target) oracle.Differential {
	return oracle.Differential{
		ID: "differential", Stage: ID,
		Name: "Hundreds of variants of a valid request each get the answer the stage's rule demands",
		Sends: "a tools/call with Authorization: Bearer <the secret>, then variants of it, alone and combined at random: other methods and paths, " +
			"the scheme and the spaces written other ways, the secret changed byte by byte, moved to the URL, a cookie, another header or the body, " +
			"a second Authorization header, headers and _meta fields that claim an identity",
		Expect: "only \"Bearer <the secret>\" (the scheme in any case, one or more spaces) gets through; no Authorization value is 401 with " +
			"WWW-Authenticate: Bearer; any other credential is 403",
		Hint: "Read r.Header.Get(\"Authorization\") and nothing else; split it at the first space; compare the scheme with strings.EqualFold " +
			"and the rest, after the spaces, with the whole secret in constant time.",
		Start: func(ctx context.Context) (oracle.Spec, func(), error) {
			secret := probe.Random(24)
			lab, err := start(t, secret)
			if err != nil {
				return oracle.Spec{}, nil, err
			}
			session, closeSession, err := lab.DirectSession(ctx)
			if err != nil {
				lab.Close()
				return oracle.Spec{}, nil, err
			}
			base := baseDraft(secret, session)
			literals := oracle.Literals(t.Source)
			spec := oracle.Spec{
				Base:     base.Clone,
				Gens:     append(gens(), oracle.LiteralClaimGens(literals, "admin")...),
				Refusers: oracle.Refusers(),
				Singles:  oracle.LiteralPlaceGens(literals),
				Judge:    oracle.HTTP(lab, model(secret)),
			}
			return spec, func() { closeSession(); lab.Close() }, nil
		},
	}
}

// baseDraft is a tools/call create_product on session, carrying secret.
func baseDraft(secret, session string) *oracle.Draft {
	return &oracle.Draft{
		Method: http.MethodPost, Path: "/mcp",
		Header: http.Header{"Mcp-Session-Id": {session}},
		Body: map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
			"params": map[string]any{"name": catalog.ToolCreateProduct, "arguments": map[string]any{"name": "variant", "price": 1}}},
		Cred: secret, Scheme: "Bearer", Sep: " ",
		Places: []oracle.Place{oracle.Authorization},
		Labels: map[string]string{secret: "the secret"},
	}
}

func gens() []oracle.Gen {
	return slices.Concat(oracle.MethodGens(), oracle.PathGens(), oracle.SchemeGens(), oracle.CredentialGens(),
		oracle.PlaceGens(), oracle.AuthHeaderGens(), oracle.IdentityGens("admin", "User.Read", "Admin.Write"), oracle.QueryGens())
}

// model is the stage's rule for a request as the server reads it: the
// first Authorization value decides; none is 401, "Bearer <secret>" gets
// through, anything else is 403.
func model(secret string) oracle.Model {
	return func(view probe.RawRequest) oracle.Expect {
		return oracle.OnlyFirst(view, func(v string) oracle.Expect {
			if v == "" {
				return oracle.Refused(probe.NoCredential)
			}
			cred, strict, lenient := oracle.BearerCredential(v)
			switch {
			case strict && cred == secret:
				return oracle.Allowed()
			case !strict && lenient == secret:
				// Not RFC 6750's grammar (a tab after the scheme), but the
				// right secret: tolerating it is no weakness.
				return oracle.Allowed().Or(oracle.Refused(wrongCredential))
			case strings.EqualFold(v, "Bearer"):
				// A scheme and no credential: either answer is fair.
				return oracle.Refused(wrongCredential).Or(oracle.Refused(probe.NoCredential))
			}
			return oracle.Refused(wrongCredential)
		})
	}
}
