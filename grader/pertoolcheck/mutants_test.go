package pertoolcheck

// Known-bad implementations of stage 4 ("mutants"). Each one is the reference
// solution (authlab/solutions/pertool) with one classic mistake, marked
// `// BUG`; checks_test.go proves that the grader catches every one of them,
// and that every check catches at least one.
//
// One classic mistake is left out because no check can see it with this
// go-sdk: filtering tools/list by trimming the result's Tools slice in place.
// The lesson warns that the slice may share memory with the server's list,
// but go-sdk v1.8's listTools builds a fresh slice on every call, so the
// in-place filter behaves exactly like the solution's copy.

import (
	"authlab/grader/gradertest"
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"

	"authlab/solutions/pertool"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mutant is a known-bad Target and the checks that must catch it.
type mutant = gradertest.Mutant[Target]

// solution is the reference solution, the code every mutant is a copy of.
var solution = Target{Protect: pertool.Protect}

// The checks that demand a refusal on a tools/call.
var denialChecks = []string{"denied-call-is-tool-error", "delete-needs-admin", "checked-every-request", "no-identity-denied"}

// mutants returns a fresh set of mutants; build it in each test, since a
// mutant may hold state (a listener to close).
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
			Name:     "tools/list unfiltered",
			Target:   withAuthorize(callOnly),
			MustFail: []string{"unknown-tool-denied", "checked-every-request", "list-shows-allowed-tools", "no-identity-denied"},
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
			MustFail: []string{"unknown-tool-denied"},
		},
		{
			Name:     "all-of instead of any-of",
			Target:   withDecision(allOf),
			MustFail: []string{"any-of-permissions", "checked-every-request", "list-shows-allowed-tools"},
		},
		{
			Name:     "strings.EqualFold on permissions",
			Target:   withDecision(equalFold),
			MustFail: []string{"delete-needs-admin"},
		},
		{
			Name:     "strings.HasPrefix(held, required)",
			Target:   withDecision(heldHasPrefix),
			MustFail: []string{"delete-needs-admin"},
		},
		{
			Name:     "strings.HasPrefix(required, held)",
			Target:   withDecision(requiredHasPrefix),
			MustFail: []string{"delete-needs-admin"},
		},
		{
			Name:     "strings.Contains on the joined permissions",
			Target:   withDecision(containsJoined),
			MustFail: []string{"delete-needs-admin"},
		},
		{
			Name:     "delete_product also allows User.Write",
			Target:   withMap(deleteAlsoForUsers),
			MustFail: []string{"delete-needs-admin", "list-shows-allowed-tools"},
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
			Name:     "permissions cached per session",
			Target:   withAuthorize(cachedPerSession),
			MustFail: []string{"checked-every-request"},
		},
		{
			Name:     "permissions cached per user",
			Target:   withAuthorize(cachedPerUser),
			MustFail: []string{"checked-every-request"},
		},
		{
			Name:     "permissions captured at initialize",
			Target:   withAuthorize(capturedAtInitialize),
			MustFail: []string{"checked-every-request"},
		},

		// --- Protect ----------------------------------------------------
		{
			Name:     "serves itself on every interface",
			Target:   Target{Protect: strays.protect},
			MustFail: gradertest.LoopbackFailures(),
			Cleanup:  strays.close,
		},
	}
}

// withAuthorize is the solution's Protect installing authorize over the
// solution's map.
func withAuthorize(authorize func(perms map[string][]string) mcp.Middleware) Target {
	return Target{Protect: func(s *mcp.Server) { s.AddReceivingMiddleware(authorize(pertool.ToolPermissions)) }}
}

// withDecision is the solution with mayCall replaced by decide.
func withDecision(decide func(perms map[string][]string, tool string, have []string) bool) Target {
	return withAuthorize(func(perms map[string][]string) mcp.Middleware { return authorizeWith(perms, decide) })
}

// withMap is the solution with its map replaced by perms.
func withMap(perms map[string][]string) Target {
	return Target{Protect: func(s *mcp.Server) { s.AddReceivingMiddleware(pertool.Authorize(perms)) }}
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

// authorizeWith is the solution's Authorize deciding with decide.
func authorizeWith(perms map[string][]string, decide func(map[string][]string, string, []string) bool) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !decide(perms, name, scopes(req)) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return decide(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// ---- which methods are checked --------------------------------------------

// Models hiding tools and calling it access control: a caller who guesses a
// tool's name calls it anyway.
func listOnly(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			// BUG: no "tools/call" case
			if method == "tools/list" {
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models guarding tools/call and forgetting tools/list: every caller sees
// every tool, hidden ones included.
func callOnly(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if method == "tools/call" {
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					return denial(name), nil
				}
			}
			// BUG: no "tools/list" case
			return next(ctx, method, req)
		}
	}
}

// ---- how a call is refused ------------------------------------------------

// Models the HTTP habit of "return an error": from receiving middleware it
// becomes a JSON-RPC protocol error the model may never see.
func goErrorDenial(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					return nil, fmt.Errorf("You don't have permission to call tool %s.", name) // BUG: a protocol error
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models a "403 Forbidden" translated into a JSON-RPC error object.
func rpcErrorDenial(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					return nil, &jsonrpc.Error{Code: -32003, Message: "forbidden: " + name} // BUG: a protocol error
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models a refusal the model cannot act on: it does not say which tool.
func vagueDenial(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					return &mcp.CallToolResult{
						IsError: true,
						Content: []mcp.Content{&mcp.TextContent{Text: "Permission denied."}}, // BUG: no tool name
					}, nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models a refusal written as an ordinary result: the client reads it as
// the tool's success.
func denialNotAnError(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					return &mcp.CallToolResult{ // BUG: no IsError: true
						Content: []mcp.Content{&mcp.TextContent{Text: fmt.Sprintf("You don't have permission to call tool %s.", name)}},
					}, nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models the chapter's per-tool snippets gone central: the tool runs, and
// only its answer is swapped for a refusal. The delete is already done.
func runsThenDenies(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				res, err := next(ctx, method, req) // BUG: the tool runs before the decision
				if !mayCall(perms, name, scopes(req)) {
					return denial(name), nil
				}
				return res, err
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// ---- the decision (copies of mayCall) -------------------------------------

// Models "only restrict what is listed": a tool missing from the map is open
// to everyone.
func unlistedAllowed(perms map[string][]string, tool string, have []string) bool {
	required, ok := perms[tool]
	if !ok {
		return true // BUG: allow by default
	}
	for _, p := range required {
		if slices.Contains(have, p) {
			return true
		}
	}
	return false
}

// Models stage 3's habit of requiring every listed permission.
func allOf(perms map[string][]string, tool string, have []string) bool {
	required, ok := perms[tool]
	if !ok {
		return false
	}
	for _, p := range required {
		if !slices.Contains(have, p) {
			return false // BUG: all-of, not any-of
		}
	}
	return true
}

// Models "be lenient about case": admin.write passes for Admin.Write.
func equalFold(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.EqualFold(h, p) { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models a prefix match on the held permission: Admin.Writer passes for
// Admin.Write.
func heldHasPrefix(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.HasPrefix(h, p) { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models a role hierarchy nobody wrote down: holding Admin passes for
// Admin.Write.
func requiredHasPrefix(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.HasPrefix(p, h) { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models treating the permissions as an OAuth scope string and searching it.
func containsJoined(perms map[string][]string, tool string, have []string) bool {
	held := strings.Join(have, " ")
	for _, p := range perms[tool] {
		if strings.Contains(held, p) { // BUG: a substring is enough
			return true
		}
	}
	return false
}

// Models a map row copied from create_product.
var deleteAlsoForUsers = map[string][]string{
	"list_products":  {"Guest.Read", "User.Read", "User.Write", "Admin.Write"},
	"get_product":    {"Guest.Read", "User.Read", "User.Write", "Admin.Write"},
	"create_product": {"User.Write", "Admin.Write"},
	"delete_product": {"User.Write", "Admin.Write"}, // BUG: delete needs Admin.Write only
}

// ---- where the permissions come from --------------------------------------

// Models "the HTTP layer refused anonymous callers already": with no
// identity the check is skipped.
func anonymousAllowed(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if extra := req.GetExtra(); extra == nil || extra.TokenInfo == nil {
				return next(ctx, method, req) // BUG: no identity, no check
			}
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models reading the permissions without the nil guard: a request with no
// identity panics (nil pointer dereference).
func nilTokenInfoPanics(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, req.GetExtra().TokenInfo.Scopes) { // BUG: TokenInfo may be nil
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := req.GetExtra().TokenInfo.Scopes // BUG: TokenInfo may be nil
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models a per-session cache: the permissions of a session's first request
// are kept for its lifetime, whatever token comes later.
func cachedPerSession(perms map[string][]string) mcp.Middleware {
	var mu sync.Mutex
	bySession := map[string][]string{}
	held := func(req mcp.Request) []string {
		mu.Lock()
		defer mu.Unlock()
		id := req.GetSession().ID()
		if _, ok := bySession[id]; !ok {
			bySession[id] = scopes(req) // BUG: filled once per session
		}
		return bySession[id]
	}
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, held(req)) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := held(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models a cache keyed by user, to spare re-reading the token: a role
// removed from the user's next token still counts.
func cachedPerUser(perms map[string][]string) mcp.Middleware {
	var mu sync.Mutex
	byUser := map[string][]string{}
	held := func(req mcp.Request) []string {
		extra := req.GetExtra()
		if extra == nil || extra.TokenInfo == nil {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		user := extra.TokenInfo.UserID
		if _, ok := byUser[user]; !ok {
			byUser[user] = extra.TokenInfo.Scopes // BUG: filled once per user
		}
		return byUser[user]
	}
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, held(req)) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := held(req)
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// Models deciding once, at initialize, and trusting that for the rest of
// the connection.
func capturedAtInitialize(perms map[string][]string) mcp.Middleware {
	var mu sync.Mutex
	var granted []string
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			mu.Lock()
			if method == "initialize" {
				granted = scopes(req) // BUG: remembered from initialize
			}
			caller := granted
			mu.Unlock()
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, caller) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}

// ---- Protect --------------------------------------------------------------

// strayListeners models `go http.ListenAndServe(":8080", …)` inside Protect,
// to try the server by hand. It listens on ":0" (every interface, any free
// port, so it never collides with a real server) and keeps the listeners so
// that a test can close them.
type strayListeners struct {
	mu sync.Mutex
	ls []net.Listener
}

func (s *strayListeners) protect(srv *mcp.Server) {
	pertool.Protect(srv)
	ln, err := net.Listen("tcp", ":0") // BUG: every network interface
	if err != nil {
		panic(fmt.Sprintf("listening: %v", err))
	}
	s.mu.Lock()
	s.ls = append(s.ls, ln)
	s.mu.Unlock()
	go http.Serve(ln, mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, nil))
}

func (s *strayListeners) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ln := range s.ls {
		ln.Close()
	}
	s.ls = nil
}
