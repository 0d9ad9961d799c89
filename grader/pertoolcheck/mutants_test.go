package pertoolcheck

// Known-bad implementations of stage 4 ("mutants"). Each one is the reference
// solution (authlab/solutions/pertool) with one classic mistake, marked
// `// BUG`; checks_test.go proves that the grader catches every one of them,
// and that every check catches at least one. The mutants live in
// mutants_*_test.go by theme; this file lists them with the checks that
// must catch each.

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"testing/fstest"

	"authlab/grader/gradertest"
	"authlab/solutions/pertool"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{Protect: pertool.Protect, Authorize: pertool.Authorize, Source: os.DirFS("../../solutions/pertool")}

// The checks that demand a refusal on a tools/call.
var denialChecks = []string{"denied-call-is-tool-error", "delete-needs-admin", "checked-every-request", "no-identity-denied",
	"lower-token-lower-answers", "differential"}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close, a variable it shares).
func mutants() []mutant {
	var strays strayListeners
	return []mutant{
		// --- which methods are checked ----------------------------------
		{
			Name:     "tools/call unchecked",
			Target:   withAuthorize(listOnly),
			MustFail: append(slices.Clone(denialChecks), "unknown-tool-denied"),
		},
		{
			Name:   "tools/list unfiltered",
			Target: withAuthorize(callOnly),
			MustFail: []string{"unknown-tool-denied", "checked-every-request", "list-shows-allowed-tools", "no-identity-denied",
				"lower-token-lower-answers", "differential"},
		},

		// --- how a call is refused --------------------------------------
		{
			Name:     "denial returned as a Go error",
			Target:   withAuthorize(goErrorDenial),
			MustFail: append(slices.Clone(denialChecks), "unknown-tool-denied"),
		},
		{
			Name:     "denial returned as a JSON-RPC error",
			Target:   withAuthorize(rpcErrorDenial),
			MustFail: append(slices.Clone(denialChecks), "unknown-tool-denied"),
		},
		{
			Name:     "denial does not name the tool",
			Target:   withAuthorize(vagueDenial),
			MustFail: denialChecks,
		},
		{
			Name:     "denial without IsError",
			Target:   withAuthorize(denialNotAnError),
			MustFail: append(slices.Clone(denialChecks), "unknown-tool-denied"),
		},
		{
			Name:     "tool runs, then its result is replaced",
			Target:   withAuthorize(runsThenDenies),
			MustFail: append(slices.Clone(denialChecks), "unknown-tool-denied"),
		},

		// --- the decision -----------------------------------------------
		{
			Name:     "unlisted tool allowed",
			Target:   withDecision(unlistedAllowed),
			MustFail: []string{"unknown-tool-denied", "differential"},
		},
		{
			Name:     "all-of instead of any-of",
			Target:   withDecision(allOf),
			MustFail: []string{"any-of-permissions", "checked-every-request", "list-shows-allowed-tools", "multi-permission-tokens", "lower-token-lower-answers", "differential"},
		},
		{
			Name:     "only the first permission counts",
			Target:   withDecision(firstOnly),
			MustFail: []string{"multi-permission-tokens", "differential"},
		},
		{
			Name:     "strings.EqualFold on permissions",
			Target:   withDecision(equalFold),
			MustFail: []string{"delete-needs-admin", "differential"},
		},
		{
			Name:     "strings.HasPrefix(held, required)",
			Target:   withDecision(heldHasPrefix),
			MustFail: []string{"delete-needs-admin", "differential"},
		},
		{
			Name:     "strings.HasPrefix(required, held)",
			Target:   withDecision(requiredHasPrefix),
			MustFail: []string{"delete-needs-admin", "differential"},
		},
		{
			Name:     "strings.Contains on the joined permissions",
			Target:   withDecision(containsJoined),
			MustFail: []string{"delete-needs-admin", "differential"},
		},
		{
			Name:     "permissions trimmed before comparing",
			Target:   withDecision(trimmedPermissions),
			MustFail: []string{"differential", "differential-deep"},
		},
		{
			Name:     "a permission split on commas",
			Target:   withDecision(commaSplit),
			MustFail: []string{"differential"},
		},
		{
			Name:     `"*" allows every tool`,
			Target:   withDecision(wildcard),
			MustFail: []string{"differential"},
		},
		{
			Name:     "Admin.Write allows every tool",
			Target:   withDecision(adminAllowsAll),
			MustFail: []string{"unknown-tool-denied", "differential"},
		},
		{
			Name:     "strings.EqualFold on tool names",
			Target:   withDecision(toolNameFolded),
			MustFail: []string{"differential"},
		},
		{
			Name:     "strings.TrimSpace on the tool name",
			Target:   withDecision(toolNameTrimmed),
			MustFail: []string{"differential"},
		},
		{
			Name:     "strings.HasPrefix on tool names",
			Target:   withDecision(toolNamePrefix),
			MustFail: []string{"differential"},
		},
		{
			Name:     "strings.Contains on tool names",
			Target:   withDecision(toolNameContains),
			MustFail: []string{"differential"},
		},
		{
			Name:     "delete_product also allows User.Write",
			Target:   withMap(deleteAlsoForUsers),
			MustFail: []string{"delete-needs-admin", "list-shows-allowed-tools", "lower-token-lower-answers", "differential"},
		},

		// --- where the permissions come from ----------------------------
		{
			Name:     "no identity, no check",
			Target:   withAuthorize(anonymousAllowed),
			MustFail: []string{"no-identity-denied"},
		},
		{
			Name:     "nil TokenInfo dereferenced",
			Target:   withAuthorize(nilTokenInfoPanics),
			MustFail: []string{"no-identity-denied"},
		},
		{
			Name:     "X-Permissions header trusted",
			Target:   withHeld(headerPermissions),
			MustFail: []string{"differential"},
		},
		{
			Name:     "_meta permissions trusted",
			Target:   withHeld(metaPermissions),
			MustFail: []string{"differential"},
		},
		{
			Name:     "a role in a tool argument trusted",
			Target:   withSource(withHeld(argumentPermissions), argumentSource),
			MustFail: []string{"differential"},
		},
		{
			Name:     "permissions cached per session",
			Target:   withAuthorize(cachedPerSession),
			MustFail: []string{"checked-every-request", "lower-token-lower-answers", "differential"},
		},
		{
			Name:     "permissions cached per user",
			Target:   withAuthorize(cachedPerUser),
			MustFail: []string{"checked-every-request", "lower-token-lower-answers", "differential"},
		},
		{
			Name:     "permissions captured at initialize",
			Target:   withAuthorize(capturedAtInitialize),
			MustFail: []string{"checked-every-request", "lower-token-lower-answers", "differential"},
		},
		{
			Name:     "filtered list cached per session",
			Target:   withAuthorize(listCachedPerSession),
			MustFail: []string{"lower-token-lower-answers", "differential"},
		},
		{
			Name:     "decisions cached per session and tool",
			Target:   withAuthorize(decisionsPerSession),
			MustFail: []string{"checked-every-request", "lower-token-lower-answers", "differential"},
		},

		// --- what is shared between requests and servers ----------------
		{
			Name:     "slices.DeleteFunc on the map's rows",
			Target:   withDecision(deletesFromRow),
			MustFail: []string{"checked-every-request", "lower-token-lower-answers", "no-shared-mutation", "differential"},
		},
		{
			Name:     "tools/list trimmed in place",
			Target:   withAuthorize(trimmedInPlace),
			MustFail: []string{"no-shared-mutation"},
		},
		{
			Name:     "current caller kept in a shared variable",
			Target:   currentCaller(),
			MustFail: []string{"concurrent-callers"},
		},
		{
			Name:     "the map kept in a package variable",
			Target:   mapInPackageVariable(),
			MustFail: []string{"two-instances"},
		},
		{
			Name:     "decisions cached across servers",
			Target:   decisionsAcrossServers(),
			MustFail: []string{"two-instances"},
		},
		{
			Name:     "the request's headers logged",
			Target:   withAuthorize(logsHeaders),
			MustFail: []string{"logs-hold-no-credentials"},
		},

		// --- Protect ----------------------------------------------------
		{
			Name:     "the filtered list marked public for an hour",
			Target:   withAuthorize(publicCacheableList),
			MustFail: []string{"list-not-shared-cacheable"},
		},
		{
			Name:     "serves itself on every interface",
			Target:   Target{Protect: strays.protect, Authorize: pertool.Authorize},
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.Close,
		},
	}
}

// publicCacheableList models "lists rarely change: let clients cache them":
// the solution's filtering, with a cache hint for everyone.
func publicCacheableList(perms map[string][]string) mcp.Middleware {
	inner := pertool.Authorize(perms)
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		h := inner(next)
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			res, err := h(ctx, method, req)
			if list, ok := res.(*mcp.ListToolsResult); ok && err == nil {
				cached := *list
				cached.TTLMs, cached.CacheScope = 3600000, "public" // BUG: one caller's list, for anyone, for an hour
				return &cached, nil
			}
			return res, err
		}
	}
}

// withAuthorize is the solution with its Authorize replaced by authorize:
// Protect installs it over a fresh copy of the solution's map, so that a
// mutant that writes to its map spoils no other test.
func withAuthorize(authorize func(perms map[string][]string) mcp.Middleware) Target {
	return Target{
		Protect:   func(s *mcp.Server) { s.AddReceivingMiddleware(authorize(copyMap(pertool.ToolPermissions))) },
		Authorize: authorize,
	}
}

// withDecision is the solution with mayCall replaced by decide.
func withDecision(decide func(perms map[string][]string, tool string, have []string) bool) Target {
	return withAuthorize(func(perms map[string][]string) mcp.Middleware { return authorizeFrom(perms, scopes, decide) })
}

// withHeld is the solution reading the caller's permissions with held.
func withHeld(held func(req mcp.Request) []string) Target {
	return withAuthorize(func(perms map[string][]string) mcp.Middleware { return authorizeFrom(perms, held, mayCall) })
}

// withSource is t with its package's source read as src: the differential
// floods the places the source names.
func withSource(t Target, src string) Target {
	t.Source = fstest.MapFS{"pertool.go": {Data: []byte(src)}}
	return t
}

// withMap is the solution with its map replaced by perms.
func withMap(perms map[string][]string) Target {
	return Target{Protect: func(s *mcp.Server) { s.AddReceivingMiddleware(pertool.Authorize(perms)) }, Authorize: pertool.Authorize}
}

// copyMap returns a copy of perms whose rows can change freely.
func copyMap(perms map[string][]string) map[string][]string {
	c := maps.Clone(perms)
	for k, v := range c {
		c[k] = slices.Clone(v)
	}
	return c
}

// ---- copies of the solution's helpers -------------------------------------

// scopes is the solution's: the verified permissions, or nil.
func scopes(req mcp.Request) []string {
	if extra := req.GetExtra(); extra != nil && extra.TokenInfo != nil {
		return extra.TokenInfo.Scopes
	}
	return nil
}

// mayCall is the solution's: deny by default, any-of, exact comparison.
func mayCall(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		if slices.Contains(have, p) {
			return true
		}
	}
	return false
}

// denial is the solution's tool error.
func denial(tool string) *mcp.CallToolResult {
	return &mcp.CallToolResult{
		IsError: true,
		Content: []mcp.Content{&mcp.TextContent{Text: fmt.Sprintf("You don't have permission to call tool %s.", tool)}},
	}
}

// filterList is the solution's tools/list branch after next: a copy of the
// result holding the tools allowed by may.
func filterList(res mcp.Result, may func(tool string) bool) (mcp.Result, error) {
	list, ok := res.(*mcp.ListToolsResult)
	if !ok {
		return nil, fmt.Errorf("unexpected result type %T for tools/list", res)
	}
	visible := make([]*mcp.Tool, 0, len(list.Tools))
	for _, t := range list.Tools {
		if may(t.Name) {
			visible = append(visible, t)
		}
	}
	filtered := *list
	filtered.Tools = visible
	return &filtered, nil
}

// authorizeFrom is the solution's Authorize, reading the caller's
// permissions with held and deciding with decide.
func authorizeFrom(perms map[string][]string, held func(mcp.Request) []string, decide func(map[string][]string, string, []string) bool) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !decide(perms, name, held(req)) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := held(req)
				return filterList(res, func(tool string) bool { return decide(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}
