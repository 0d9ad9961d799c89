package pertoolcheck

// Mutants of stage 4: where the check takes the caller's permissions from,
// and when.

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

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

// Models a gateway's header taken on trust: X-Permissions, which any
// caller can write, adds to what the token grants.
func headerPermissions(req mcp.Request) []string {
	held := scopes(req)
	if extra := req.GetExtra(); extra != nil && extra.Header != nil {
		for _, p := range strings.Split(extra.Header.Get("X-Permissions"), ",") { // BUG: the caller wrote this
			held = append(slices.Clone(held), strings.TrimSpace(p))
		}
	}
	return held
}

// Models permissions read from the request's _meta, which the caller
// writes.
func metaPermissions(req mcp.Request) []string {
	held := scopes(req)
	call, ok := req.(*mcp.CallToolRequest)
	if !ok || call.Params == nil {
		return held
	}
	if list, ok := call.Params.Meta["permissions"].([]any); ok {
		for _, p := range list {
			if s, ok := p.(string); ok {
				held = append(slices.Clone(held), s) // BUG: the caller wrote this
			}
		}
	}
	return held
}

// Models an "agent acting for a user" that names the user's role in a tool
// argument, a name no list of suspects holds: the differential finds it
// because the source names it (argumentSource).
func argumentPermissions(req mcp.Request) []string {
	held := scopes(req)
	call, ok := req.(*mcp.CallToolRequest)
	if !ok || call.Params == nil {
		return held
	}
	var args struct {
		Role string `json:"acting_role"`
	}
	if json.Unmarshal(call.Params.Arguments, &args) == nil && args.Role != "" {
		held = append(slices.Clone(held), args.Role) // BUG: the caller wrote this
	}
	return held
}

// argumentSource is the source of argumentPermissions as the learner's
// package would hold it.
const argumentSource = "package pertool\n\ntype args struct {\n\tRole string `json:\"acting_role\"`\n}\n"

// Models sparing the filter on later lists: a session's first filtered
// tools/list is answered again, whatever token comes later.
func listCachedPerSession(perms map[string][]string) mcp.Middleware {
	var mu sync.Mutex
	lists := map[string]mcp.Result{}
	decide := authorizeFrom(perms, scopes, mayCall)
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		solution := decide(next)
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if method != "tools/list" {
				return solution(ctx, method, req)
			}
			id := req.GetSession().ID()
			mu.Lock()
			cached, ok := lists[id]
			mu.Unlock()
			if ok {
				return cached, nil // BUG: computed for an earlier token
			}
			res, err := solution(ctx, method, req)
			if err == nil {
				mu.Lock()
				lists[id] = res
				mu.Unlock()
			}
			return res, err
		}
	}
}

// Models caching each decision by session and tool, to spare the lookup.
func decisionsPerSession(perms map[string][]string) mcp.Middleware {
	var mu sync.Mutex
	decided := map[[2]string]bool{}
	decide := func(perms map[string][]string, session, tool string, have []string) bool {
		mu.Lock()
		defer mu.Unlock()
		key := [2]string{session, tool}
		if ok, seen := decided[key]; seen {
			return ok // BUG: decided for an earlier token
		}
		decided[key] = mayCall(perms, tool, have)
		return decided[key]
	}
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			session := req.GetSession().ID()
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !decide(perms, session, name, scopes(req)) {
					return denial(name), nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				caller := scopes(req)
				return filterList(res, func(tool string) bool { return decide(perms, session, tool, caller) })
			}
			return next(ctx, method, req)
		}
	}
}
