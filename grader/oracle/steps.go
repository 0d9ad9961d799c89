package oracle

import (
	"authlab/grader"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
)

// Hints shared by the step families.
const (
	hintWhere = "Take the credential from the Authorization header of this very request, and from nowhere else: not the URL " +
		"(it ends up in logs and browser history, and the MCP authorization spec forbids it), not a cookie, not another header, not the body."
	hintScheme = "Split the header at the first space: the scheme is case-insensitive (bearer, BEARER) and may be followed by more than " +
		"one space (RFC 6750: \"Bearer\" 1*SP token); everything else must match exactly."
	hintExact = "Compare the whole credential with the whole secret, byte for byte (crypto/subtle.ConstantTimeCompare): no case folding, " +
		"no trimming inside, no prefix, suffix or substring match."
	hintMethods  = "Check the credential before anything else, for every method and every path that reaches the MCP handler."
	hintIdentity = "Decide from the verified credential only. Headers such as X-User-Id or X-Permissions, MCP _meta and tool arguments are " +
		"written by the caller and prove nothing."
	hintSingle = "An HTTP request carries one Authorization header (RFC 9110 §11.6.2). Read it with r.Header.Get and refuse what does not " +
		"parse; never accept a request because some other value of it would pass."
)

// MethodGens change the HTTP method. GET opens the stream of server
// messages and DELETE ends a session: both must be guarded like POST.
func MethodGens() []Gen {
	var gens []Gen
	for _, m := range []string{http.MethodGet, http.MethodDelete, http.MethodPut, http.MethodPatch, http.MethodHead} {
		gens = append(gens, Fixed(Step{
			Name: phraseSentAs.Say(map[string]any{"Method": m}), Hint: hintMethods,
			Apply: func(d *Draft) {
				d.Method = m
				if m == http.MethodGet || m == http.MethodHead || m == http.MethodDelete {
					d.Body, d.RawBody = nil, nil
				}
				if m == http.MethodDelete {
					// Ending the live session would spoil the variants after.
					d.Header["Mcp-Session-Id"] = []string{"no-such-session"}
				}
			},
		}))
	}
	return gens
}

// PathGens send the request to other paths than /mcp.
func PathGens() []Gen {
	var gens []Gen
	for _, p := range []string{"/mcp/", "/mcp/x", "//mcp", "/MCP", "/", "/other", "/mcp/../mcp", "/login/../mcp"} {
		gens = append(gens, Fixed(Step{Name: phraseSentTo.Say(map[string]any{"Path": p}), Hint: hintMethods, Apply: func(d *Draft) { d.Path = p }}))
	}
	return gens
}

// SchemeGens write the Authorization header's scheme and separator in
// other ways, right and wrong.
func SchemeGens() []Gen {
	type form struct {
		name        grader.Phrase
		scheme, sep string
	}
	other := func(scheme string) form {
		return form{phraseScheme.Say(map[string]any{"Scheme": scheme}), scheme, " "}
	}
	forms := []form{
		{phraseSchemeLower.Say(nil), "bearer", " "},
		{phraseSchemeUpper.Say(nil), "BEARER", " "},
		{phraseSchemeMixed.Say(nil), "bEaReR", " "},
		{phraseTwoSpaces.Say(nil), "Bearer", "  "},
		{phraseThreeSpaces.Say(nil), "Bearer", "   "},
		{phraseTab.Say(nil), "Bearer", "\t"},
		{phraseNoSpace.Say(nil), "Bearer", ""},
		{phraseNoScheme.Say(nil), "", ""},
		other("Basic"), other("Digest"), other("Token"), other("JWT"), other("Bearer:"), other("Bearerx"), other("Bear"),
		{phraseSchemeTwice.Say(nil), "Bearer Bearer", " "},
	}
	var gens []Gen
	for _, f := range forms {
		gens = append(gens, Fixed(Step{Name: f.name, Hint: hintScheme, Apply: func(d *Draft) { d.Scheme, d.Sep = f.scheme, f.sep }}))
	}
	gens = append(gens,
		Fixed(Step{Name: phraseAfterCred.Say(map[string]any{"Text": `" x"`}), Hint: hintExact, Apply: func(d *Draft) { d.Suffix += " x" }}),
		Fixed(Step{Name: phraseAfterCred.Say(map[string]any{"Text": `", x"`}), Hint: hintExact, Apply: func(d *Draft) { d.Suffix += ", x" }}),
		Fixed(Step{Name: phraseCredTwiceOne.Say(nil), Hint: hintExact, Apply: func(d *Draft) { d.Suffix += " " + d.Credential() }}),
	)
	return gens
}

// unlike returns a character other than b in every case: a digit, which has
// none. A change of case alone is the case step's job, so that a server that
// ignores case is told so in those words.
func unlike(b byte) byte {
	if b == '0' {
		return '1'
	}
	return '0'
}

// base64url is the alphabet of tokens and of the lab's secrets.
const base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// CredentialGens change the credential's bytes: one changed, cut, added,
// case changed, space inserted, repeated.
func CredentialGens() []Gen {
	edit := func(name grader.Phrase, f func(string) string) Step {
		return Step{Name: name, Hint: hintExact, Apply: func(d *Draft) { d.Edits = append(d.Edits, f) }}
	}
	return []Gen{
		func(r *rand.Rand) Step {
			pos, c := r.Float64(), base64url[r.IntN(len(base64url))]
			return edit(phraseCharChanged.Say(map[string]any{"At": int(pos * 100)}), func(s string) string {
				if s == "" {
					return s
				}
				i := min(int(pos*float64(len(s))), len(s)-1)
				if strings.EqualFold(s[i:i+1], string(c)) {
					c = unlike(s[i])
				}
				return s[:i] + string(c) + s[i+1:]
			})
		},
		Fixed(edit(phraseLastCut.Say(nil), func(s string) string { return trimEnd(s, 1) })),
		Fixed(edit(phraseFirstCut.Say(nil), func(s string) string { return trimStart(s, 1) })),
		Fixed(edit(phraseFirstHalf.Say(nil), func(s string) string { return s[:len(s)/2] })),
		Fixed(edit(phraseSecondHalf.Say(nil), func(s string) string { return s[len(s)/2:] })),
		Fixed(edit(phraseAppended.Say(nil), func(s string) string { return s + "x" })),
		Fixed(edit(phrasePrepended.Say(nil), func(s string) string { return "x" + s })),
		Fixed(edit(phraseCredTwice.Say(nil), func(s string) string { return s + s })),
		Fixed(edit(phraseCredUpper.Say(nil), strings.ToUpper)),
		Fixed(edit(phraseCredLower.Say(nil), strings.ToLower)),
		func(r *rand.Rand) Step {
			pos := r.Float64()
			return edit(phraseSpaceIn.Say(map[string]any{"At": int(pos * 100)}), func(s string) string {
				i := int(pos * float64(len(s)))
				return s[:i] + " " + s[i:]
			})
		},
		func(r *rand.Rand) Step {
			pos := r.Float64()
			return edit(phraseCaseFlipped.Say(map[string]any{"At": int(pos * 100)}), func(s string) string {
				for j := 0; j < len(s); j++ {
					i := (int(pos*float64(len(s))) + j) % len(s)
					if c := s[i]; ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
						return s[:i] + string(c^0x20) + s[i+1:]
					}
				}
				return s
			})
		},
		Fixed(edit(phraseEmptyCred.Say(nil), func(string) string { return "" })),
		Fixed(edit(phraseCredValue.Say(map[string]any{"Value": `"*"`}), func(string) string { return "*" })),
		Fixed(edit(phraseCredValue.Say(map[string]any{"Value": `"null"`}), func(string) string { return "null" })),
	}
}

func trimEnd(s string, n int) string   { return s[:max(0, len(s)-n)] }
func trimStart(s string, n int) string { return s[min(n, len(s)):] }

// Refusers are changes that make a request with the right credential one
// the server must refuse: no Authorization header, one character of the
// credential changed, another scheme.
func Refusers() []Gen {
	return []Gen{
		Fixed(Step{Name: PhraseNoAuthorization.Say(nil), Apply: func(d *Draft) {
			d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
		}}),
		Fixed(Step{Name: phraseLastChanged.Say(nil), Hint: hintExact, Apply: func(d *Draft) {
			d.Edits = append(d.Edits, func(s string) string {
				if s == "" {
					return "x"
				}
				return s[:len(s)-1] + string(unlike(s[len(s)-1]))
			})
		}}),
		Fixed(Step{Name: phraseScheme.Say(map[string]any{"Scheme": "Basic"}), Hint: hintScheme, Apply: func(d *Draft) { d.Scheme, d.Sep = "Basic", " " }}),
	}
}

// PlaceGens move the credential out of the Authorization header, or copy it
// somewhere else as well: a server must read it from Authorization only.
func PlaceGens() []Gen {
	places := []Place{
		{Kind: "query", Name: "access_token"}, {Kind: "query", Name: "token"}, {Kind: "query", Name: "key"},
		{Kind: "query", Name: "api_key"}, {Kind: "query", Name: "auth"}, {Kind: "query", Name: "secret"},
		{Kind: "query", Name: "authorization", Bearer: true}, {Kind: "query", Name: "jwt"},
		{Kind: "cookie", Name: "token"}, {Kind: "cookie", Name: "access_token"}, {Kind: "cookie", Name: "session"},
		{Kind: "cookie", Name: "Authorization", Bearer: true}, {Kind: "cookie", Name: "auth"},
		{Kind: "header", Name: "X-Api-Key"}, {Kind: "header", Name: "X-Auth-Token"}, {Kind: "header", Name: "X-Access-Token"},
		{Kind: "header", Name: "Api-Key"}, {Kind: "header", Name: "X-Token"}, {Kind: "header", Name: "Token"},
		{Kind: "header", Name: "X-Secret"}, {Kind: "header", Name: "Proxy-Authorization", Bearer: true},
		{Kind: "header", Name: "X-Authorization", Bearer: true}, {Kind: "header", Name: "Authentication", Bearer: true},
		{Kind: "header", Name: "X-Forwarded-Authorization", Bearer: true},
		{Kind: "body", Name: "access_token"}, {Kind: "body", Name: "token"}, {Kind: "body", Name: "authorization", Bearer: true},
	}
	var gens []Gen
	for _, p := range places {
		where := placeText(p)
		gens = append(gens,
			Fixed(Step{Name: phraseMovedTo.Say(map[string]any{"Where": where}), Hint: hintWhere, Apply: func(d *Draft) {
				d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
				d.Places = append(d.Places, p)
			}}),
			Fixed(Step{Name: phraseAlsoIn.Say(map[string]any{"Where": where}), Hint: hintWhere, Apply: func(d *Draft) {
				d.Places = append(d.Places, p)
			}}),
		)
	}
	gens = append(gens,
		Fixed(Step{Name: phraseFormField.Say(nil), Hint: hintWhere, Apply: func(d *Draft) {
			d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
			d.Header["Content-Type"] = []string{"application/x-www-form-urlencoded"}
			d.RawBody = []byte("access_token=" + d.Credential())
		}}),
		Fixed(Step{Name: phraseInMeta.Say(nil), Hint: hintWhere, Apply: func(d *Draft) {
			d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
			setMeta(d, "token", d.Credential())
			setMeta(d, "authorization", "Bearer "+d.Credential())
		}}),
	)
	return gens
}

func placeText(p Place) grader.Phrase {
	prefix := ""
	if p.Bearer {
		prefix = "Bearer "
	}
	switch p.Kind {
	case "query":
		return phraseInURL.Say(map[string]any{"Query": fmt.Sprintf("?%s=%s…", p.Name, prefix)})
	case "cookie":
		return phraseInCookie.Say(map[string]any{"Cookie": fmt.Sprintf("%s=%s…", p.Name, prefix)})
	case "body":
		return phraseInBody.Say(map[string]any{"Field": fmt.Sprintf("%q: %q…", p.Name, prefix)})
	}
	return phraseInHeader.Say(map[string]any{"Header": fmt.Sprintf("%s: %s…", p.Name, prefix)})
}

// AuthHeaderGens send the Authorization header more than once, or under a
// name in another case.
func AuthHeaderGens() []Gen {
	return []Gen{
		Fixed(Step{Name: phraseSecondWrong.Say(nil), Hint: hintSingle, Apply: func(d *Draft) {
			d.ExtraAuth = append(d.ExtraAuth, d.Scheme+d.Sep+"wrong-"+strings.Repeat("x", 20))
		}}),
		Fixed(Step{Name: phraseSecondEmpty.Say(nil), Hint: hintSingle, Apply: func(d *Draft) {
			d.ExtraAuth = append(d.ExtraAuth, "")
		}}),
		Fixed(Step{Name: phraseSecondSame.Say(nil), Hint: hintSingle, Apply: func(d *Draft) {
			d.ExtraAuth = append(d.ExtraAuth, d.AuthValue())
		}}),
		Fixed(Step{Name: phraseEmptyFirst.Say(nil), Hint: hintSingle, Apply: func(d *Draft) {
			moveAuthAfter(d, "")
		}}),
		Fixed(Step{Name: phraseWrongFirst.Say(nil), Hint: hintSingle, Apply: func(d *Draft) {
			moveAuthAfter(d, "Bearer wrong-"+strings.Repeat("y", 20))
		}}),
		Fixed(Step{Name: phraseHeaderNamed.Say(map[string]any{"Name": `"authorization"`}), Apply: func(d *Draft) { renameAuth(d, "authorization") }}),
		Fixed(Step{Name: phraseHeaderNamed.Say(map[string]any{"Name": `"AUTHORIZATION"`}), Apply: func(d *Draft) { renameAuth(d, "AUTHORIZATION") }}),
		Fixed(Step{Name: phraseNoAuthAtAll.Say(nil), Apply: func(d *Draft) {
			d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
		}}),
		Fixed(Step{Name: phraseEmptyAuth.Say(nil), Apply: func(d *Draft) {
			d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
			d.Header["Authorization"] = append(d.Header["Authorization"], "")
		}}),
	}
}

// moveAuthAfter sends first as the Authorization header, followed by the
// draft's own.
func moveAuthAfter(d *Draft, first string) {
	if !slices.Contains(d.Places, Authorization) {
		return
	}
	d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
	d.Header["Authorization"] = append([]string{first}, d.Header["Authorization"]...)
	d.ExtraAuth = append([]string{d.AuthValue()}, d.ExtraAuth...)
}

// renameAuth sends the Authorization header under name.
func renameAuth(d *Draft, name string) {
	if !slices.Contains(d.Places, Authorization) {
		return
	}
	d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
	d.Header[name] = append(d.Header[name], d.AuthValue())
}

// IdentityGens add what a caller might write to claim an identity or a
// permission: headers, MCP _meta, tool arguments. user is a real user's
// name and perms the permissions worth claiming.
func IdentityGens(user string, perms ...string) []Gen {
	joined := strings.Join(perms, ",")
	headers := [][2]string{
		{"X-User-Id", user}, {"X-User", user}, {"X-Forwarded-User", user}, {"X-Remote-User", user}, {"Remote-User", user},
		{"X-Authenticated-User", user}, {"X-Auth-Request-User", user}, {"X-Ms-Client-Principal-Name", user},
		{"X-Permissions", joined}, {"X-Forwarded-Scopes", joined}, {"X-Scopes", joined}, {"X-Roles", joined},
		{"X-Role", "admin"}, {"X-Admin", "true"}, {"X-Forwarded-For", "127.0.0.1"}, {"X-Real-Ip", "127.0.0.1"},
		{"Forwarded", "for=127.0.0.1;by=127.0.0.1"}, {"X-Authlab-Bypass", "1"},
	}
	var gens []Gen
	for _, h := range headers {
		gens = append(gens, Fixed(Step{Name: phraseHeaderAdded.Say(map[string]any{"Header": h[0], "Value": h[1]}), Hint: hintIdentity,
			Apply: func(d *Draft) { d.Header[h[0]] = append(d.Header[h[0]], h[1]) }}))
	}
	claims := map[string]any{"user": user, "sub": user, "permissions": perms, "scopes": perms, "roles": perms, "role": "admin"}
	for k, v := range claims {
		gens = append(gens,
			Fixed(Step{Name: phraseMetaAdded.Say(map[string]any{"Key": k, "Value": v}), Hint: hintIdentity, Apply: func(d *Draft) { setMeta(d, k, v) }}),
			Fixed(Step{Name: phraseArgAdded.Say(map[string]any{"Key": k, "Value": v}), Hint: hintIdentity, Apply: func(d *Draft) { setArg(d, k, v) }}),
		)
	}
	return gens
}

// QueryGens add harmless query parameters: they must change nothing.
func QueryGens() []Gen {
	return []Gen{
		Fixed(Step{Name: phraseQueryAdded.Say(map[string]any{"Query": "?x=1"}), Apply: func(d *Draft) { addQuery(d, "x", "1") }}),
		Fixed(Step{Name: phraseQueryAdded.Say(map[string]any{"Query": "?access_token=nonsense"}), Hint: hintWhere, Apply: func(d *Draft) { addQuery(d, "access_token", "nonsense") }}),
		Fixed(Step{Name: phraseQueryAdded.Say(map[string]any{"Query": "?debug=true&admin=1"}), Hint: hintIdentity, Apply: func(d *Draft) { addQuery(d, "debug", "true"); addQuery(d, "admin", "1") }}),
	}
}

func addQuery(d *Draft, k, v string) {
	if d.Query == nil {
		d.Query = map[string][]string{}
	}
	d.Query[k] = append(d.Query[k], v)
}

// params returns the draft's JSON-RPC params object, creating it.
func params(d *Draft) map[string]any {
	if d.Body == nil {
		return map[string]any{}
	}
	p, ok := d.Body["params"].(map[string]any)
	if !ok {
		p = map[string]any{}
		d.Body["params"] = p
	}
	return p
}

func setMeta(d *Draft, k string, v any) {
	p := params(d)
	meta, ok := p["_meta"].(map[string]any)
	if !ok {
		meta = map[string]any{}
		p["_meta"] = meta
	}
	meta[k] = v
}

func setArg(d *Draft, k string, v any) {
	p := params(d)
	args, ok := p["arguments"].(map[string]any)
	if !ok {
		args = map[string]any{}
		p["arguments"] = args
	}
	args[k] = v
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.oracle.where", hintWhere)
	_ = grader.NewPhraseForm("hint.oracle.scheme", hintScheme)
	_ = grader.NewPhraseForm("hint.oracle.exact", hintExact)
	_ = grader.NewPhraseForm("hint.oracle.methods", hintMethods)
	_ = grader.NewPhraseForm("hint.oracle.identity", hintIdentity)
	_ = grader.NewPhraseForm("hint.oracle.single", hintSingle)
)
