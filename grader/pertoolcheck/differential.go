package pertoolcheck

import (
	"authlab/grader"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"authlab/grader/oracle"
	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"
)

// differential compares the learner's per-tool decisions with the reference
// model on many variants of an allowed tools/call.
func differential(t Target) oracle.Differential {
	return oracle.Differential{
		ID: "differential", Stage: ID,
		Name: "Hundreds of variants of a tools/call each get the decision the map gives",
		Sends: "tools/call delete_product with a token holding Admin.Write, then variants of it, alone and combined at random: " +
			"the other tools and look-alikes the server really serves (DELETE_PRODUCT, delete_products, admin_delete_product…); " +
			"the token's permissions changed (case, spaces, prefixes, suffixes, separators, \"*\", several at once, in any order, " +
			"repeated); headers, params._meta and tool arguments that claim permissions; tools/list instead of tools/call",
		Expect: "exactly what the map says, from TokenInfo.Scopes alone: an allowed call gets the tool's own answer; a denied " +
			"one gets a tool error naming the tool and never runs; tools/list shows exactly the tools the caller may call",
		Hint: "Look the tool's exact name up in the map, and let the call through when one of the caller's permissions " +
			"(req.GetExtra().TokenInfo.Scopes, all of them) equals one the tool lists, exactly: slices.Contains. Nothing else counts: " +
			"no case folding, trimming, prefix or substring, no wildcard or hierarchy, no header, _meta or argument.",
		Start: func(ctx context.Context) (oracle.Spec, func(), error) {
			b := &backstage{extra: lookalikes}
			f, err := start(t.Protect, b.setup)
			if err != nil {
				return oracle.Spec{}, nil, err
			}
			session, closeSession, err := f.Lab.DirectSession(ctx)
			if err != nil {
				f.Lab.Close()
				return oracle.Spec{}, nil, err
			}
			d := &differ{f: f, b: b, tools: slices.Concat(catalog.ToolNames, lookalikes)}
			literals := oracle.Literals(t.Source)
			spec := oracle.Spec{
				Base: d.base(session, 1000+rand.IntN(9000)).Clone,
				// Claims of identity come before the permission changes:
				// the pairs of a permission change with a refuser (which sets
				// the permissions too) are the least telling, so they come
				// last when time runs short.
				Gens: slices.Concat(toolGens(), oracle.IdentityGens(f.Account.User.Username, adminWrite, userWrite), subjectGens(),
					permissionGens(), oracle.LiteralClaimGens(literals, adminWrite, userWrite, f.Account.User.Username)),
				// Every change is tried once with each of these too: a
				// caller who may not delete, one who may only read, and
				// tools/list instead of the call.
				Refusers: []oracle.Gen{lowerPermissions(userWrite), lowerPermissions(guestRead), asList()},
				Judge:    d.judge,
			}
			return spec, func() { closeSession(); f.Lab.Close() }, nil
		},
	}
}

// differ sends the differential's variants and judges them.
type differ struct {
	f     *tokenlab.Fixture
	b     *backstage
	tools []string // every tool the server serves

	mu    sync.Mutex
	right map[[sha256.Size]byte]bool // the requests answered right so far
}

// base is the request the variants start from: tools/call delete_product
// of a product that does not exist (so the catalog survives), with a
// token holding Admin.Write, on session.
func (d *differ) base(session string, id int) *oracle.Draft {
	draft := d.f.Draft(session)
	draft.Token.Claims["permissions"] = []any{adminWrite}
	draft.Body["params"] = map[string]any{"name": catalog.ToolDeleteProduct, "arguments": map[string]any{"id": id}}
	return draft
}

// answerWithin bounds how long one variant may wait for its answer.
const answerWithin = 2 * time.Second

// judge sends draft and compares the answer, and what got past the
// learner's check, with the reference model.
func (d *differ) judge(ctx context.Context, draft *oracle.Draft) (*oracle.Disagreement, error) {
	req := draft.Render()
	w, refused, ok := d.want(oracle.ServerView(req))
	if !ok {
		return nil, nil
	}
	reqCtx, cancel := context.WithTimeout(ctx, answerWithin)
	defer cancel()
	m := d.b.mark()
	ex, eff, err := d.f.Lab.Do(reqCtx, req)
	var bad *probe.BuildError
	switch {
	case errors.As(err, &bad):
		return nil, nil // a request no client can send: not a variant
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil && reqCtx.Err() != nil:
		return disagree(w, "", phraseBlocks.Say(map[string]any{"Within": answerWithin})), nil
	case err != nil:
		return disagree(w, "", d.f.Lab.Got(phraseNoAnswer.Say(map[string]any{"Err": err}))...), nil
	}
	cred := probe.Credential(draft.AuthValue())
	if refused {
		// The grader's own token layer refuses this token; nothing of the
		// learner's runs.
		return oracle.Refused(tokenlab.InvalidToken).Judge(ex, eff, cred), nil
	}
	passed, ran := d.b.since(m)
	ran = append(eff.Ran, ran...)
	a := parseAnswer(ex.Body)
	p := w.judge(a, passed, ran, eff.Identities)
	if p.why.Text == "" {
		if echo := probe.EchoPhrase(ex, cred); echo.Text != "" {
			p = problem{echo, probe.EchoHint}
		}
	}
	key := requestKey(req)
	if p.why.Text == "" {
		d.answeredRight(key)
		return nil, nil
	}
	described := a.describe()
	if ex.Status != 200 {
		described = phraseHTTPStatus.Say(map[string]any{"Status": ex.Status, "Answer": described})
	}
	got := []grader.Phrase{phraseBecause.Say(map[string]any{"Answer": described, "Reason": p.why})}
	if d.wasAnsweredRight(key) {
		got = append(got, phraseAnsweredEarly.Say(nil))
		p.hint = hintStateful
	}
	return disagree(w, p.hint, d.f.Lab.Got(got...)...), nil
}

// disagree is the disagreement of an answer with w, got saying what came
// back and hint, when set, what to fix.
func disagree(w want, hint string, got ...grader.Phrase) *oracle.Disagreement {
	expected := w.Phrase()
	return &oracle.Disagreement{Expected: expected.Text, ExpectedPhrase: &expected, Got: grader.JoinPhrases(got), GotPhrases: got, Hint: hint}
}

// hintStateful is the hint for an answer that changed between two sends of
// the same request.
const hintStateful = "Answer each request from that request alone: its tool name, its TokenInfo and the map. Write to nothing " +
	"while deciding: not the map or its rows (slices.DeleteFunc and sort change them in place), not the list next returned, " +
	"not a cache or a variable that outlives the request."

// answeredRight notes that the request with key got the right answer.
func (d *differ) answeredRight(key [sha256.Size]byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.right == nil {
		d.right = map[[sha256.Size]byte]bool{}
	}
	d.right[key] = true
}

// wasAnsweredRight reports whether the request with key once got the
// right answer.
func (d *differ) wasAnsweredRight(key [sha256.Size]byte) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.right[key]
}

// requestKey identifies a request by everything it sends.
func requestKey(req probe.RawRequest) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s?%s\n", req.Method, req.Path, req.Query.Encode())
	names := slices.Sorted(maps.Keys(req.Header))
	for _, k := range names {
		fmt.Fprintf(h, "%s: %q\n", k, req.Header[k])
	}
	h.Write(req.Body)
	var key [sha256.Size]byte
	copy(key[:], h.Sum(nil))
	return key
}

// want is the reference model on req as the server reads it: refused when
// the grader's token layer refuses the token, else the decision on the
// tools/call or tools/list. ok is false for a request it does not judge.
func (d *differ) want(view probe.RawRequest) (w want, refused, ok bool) {
	var body map[string]any
	if json.Unmarshal(view.Body, &body) != nil {
		return want{}, false, false
	}
	method, _ := body["method"].(string)
	if method != "tools/call" && method != "tools/list" {
		return want{}, false, false
	}
	params, _ := body["params"].(map[string]any)
	tool, _ := params["name"].(string)

	v := ""
	if values := view.Header["Authorization"]; len(values) > 0 {
		v = values[0]
	}
	cred, strict, _ := oracle.BearerCredential(v)
	if !strict {
		return want{}, false, false // the token layer's business, not this stage's
	}
	j := tokenlab.Judge(d.f.Cfg, cred, time.Now())
	held, listed := permissions(j.Claims["permissions"])
	if j.Validity == tokenlab.Invalid || !listed {
		return want{}, true, true
	}
	user, _ := j.Claims["sub"].(string)
	return wantFor(method == "tools/list", tool, d.tools, user, held), false, true
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.pertoolcheck.stateful", hintStateful)
)
