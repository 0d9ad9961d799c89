package pertoolcheck

// Mutants of stage 4: what the check shares between requests, callers and
// servers, and what it prints.

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"slices"
	"sync"

	"authlab/grader/gradertest"
	"authlab/solutions/pertool"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Models computing "the permissions that grant the call" with
// slices.DeleteFunc, which edits the map's own row: the next caller finds
// it emptied.
func deletesFromRow(perms map[string][]string, tool string, have []string) bool {
	granting := slices.DeleteFunc(perms[tool], func(p string) bool { return !slices.Contains(have, p) }) // BUG: edits perms[tool]
	return len(granting) > 0
}

// Models filtering the server's list where it lies: the kept tools are
// written over the server's own slice, and the result set on the server's
// own answer.
func trimmedInPlace(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
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
				list := res.(*mcp.ListToolsResult)
				caller := scopes(req)
				kept := list.Tools[:0] // BUG: shares the server's array
				for _, t := range list.Tools {
					if mayCall(perms, t.Name, caller) {
						kept = append(kept, t)
					}
				}
				list.Tools = kept // BUG: changes the server's answer
				return list, nil
			}
			return next(ctx, method, req)
		}
	}
}

// Models noting "who is calling" in a variable for the filter to read after
// next: with a mutex, so no data race, but shared by every caller.
func currentCaller() Target {
	var mu sync.Mutex
	var current []string // BUG: one variable for every request
	authorize := func(perms map[string][]string) mcp.Middleware {
		return func(next mcp.MethodHandler) mcp.MethodHandler {
			return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
				mu.Lock()
				current = scopes(req)
				mu.Unlock()
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
					mu.Lock()
					caller := current // another request may have set it meanwhile
					mu.Unlock()
					return filterList(res, func(tool string) bool { return mayCall(perms, tool, caller) })
				}
				return next(ctx, method, req)
			}
		}
	}
	return withAuthorize(authorize)
}

// Models keeping the map in a package variable that Authorize sets: the
// last server built decides for every server.
func mapInPackageVariable() Target {
	var mu sync.Mutex
	var current map[string][]string // BUG: one variable for every server
	decide := func(_ map[string][]string, tool string, have []string) bool {
		mu.Lock()
		defer mu.Unlock()
		return mayCall(current, tool, have)
	}
	return withAuthorize(func(perms map[string][]string) mcp.Middleware {
		mu.Lock()
		current = perms
		mu.Unlock()
		return authorizeFrom(perms, scopes, decide)
	})
}

// Models a decision cache at package level, keyed by tool and permissions:
// the first server to decide answers for every server.
func decisionsAcrossServers() Target {
	var mu sync.Mutex
	decided := map[string]bool{} // BUG: shared by every server
	decide := func(perms map[string][]string, tool string, have []string) bool {
		key := fmt.Sprintf("%q", append([]string{tool}, have...))
		mu.Lock()
		defer mu.Unlock()
		if ok, seen := decided[key]; seen {
			return ok
		}
		decided[key] = mayCall(perms, tool, have)
		return decided[key]
	}
	return withDecision(decide)
}

// Models debugging output left in: every denial logs the request's
// headers, and with them the caller's token.
func logsHeaders(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				name := req.(*mcp.CallToolRequest).Params.Name
				if !mayCall(perms, name, scopes(req)) {
					if extra := req.GetExtra(); extra != nil {
						log.Printf("denied %s: headers %v", name, extra.Header) // BUG: Authorization among them
					}
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

// strayListeners models `go http.ListenAndServe(":8080", …)` inside Protect,
// to try the server by hand.
type strayListeners struct{ gradertest.StrayListeners }

func (s *strayListeners) protect(srv *mcp.Server) {
	pertool.Protect(srv)
	if err := s.Serve(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, nil)); err != nil {
		panic(err)
	}
}
