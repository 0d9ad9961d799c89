package pertoolcheck

import (
	"context"

	"authlab/grader"
)

// hintPrivateList says why a list filtered per caller must not be cached
// for others, and how.
const hintPrivateList = "The list you return depends on the caller, so no one else may be served it: MCP's cache hints default to " +
	"cacheScope \"public\". Leave ttlMs at 0 (the copy of the result keeps it), or, if you set a ttlMs, set cacheScope to \"private\"."

// cacheScopeCheck demands that a tools/list filtered for one caller is not
// marked cacheable for everyone: MCP results carry cache hints (ttlMs,
// cacheScope, "public" when absent), and a shared cache that honours them
// would serve one caller's list to the next.
func cacheScopeCheck(t Target) grader.Check {
	return grader.Check{
		ID: "list-not-shared-cacheable", Name: "A tools/list filtered for one caller is not marked cacheable for others",
		Sends:  "tools/list with a token holding Guest.Read, reading the result's ttlMs and cacheScope",
		Expect: `ttlMs 0 (stale at once), or cacheScope "private"`,
		Hint:   hintPrivateList,
		Run: func(ctx context.Context) error {
			return withSession(ctx, t.Protect, []string{"Guest.Read"}, func(s *session) error {
				res, err := s.cs.ListTools(ctx, nil)
				if err != nil {
					return s.f.Lab.FailSay(phraseListWith.Say(map[string]any{"Who": guestRead}), phraseAToolList.Say(nil), grader.Literal(err.Error()))
				}
				if res.TTLMs > 0 && res.CacheScope != "private" {
					scope := grader.Literal(res.CacheScope)
					if res.CacheScope == "" {
						scope = phrasePublicDefault.Say(nil)
					}
					return s.f.Lab.FailSay(phraseListWith.Say(map[string]any{"Who": guestRead}), phraseTTLZero.Say(nil),
						phraseCachedFor.Say(map[string]any{"TTL": res.TTLMs, "Scope": scope}))
				}
				return nil
			})
		},
	}
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.pertoolcheck.private-list", hintPrivateList)
)
