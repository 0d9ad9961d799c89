// Package pertool is stage 4 of authlab: per-tool permissions. HTTP
// middleware cannot decide which tool a caller may use (there is one
// endpoint, and the tool's name is inside the JSON-RPC body), so the check
// lives inside the MCP server, in one receiving middleware for every tool.
//
// This is the reference solution.
package pertool

import (
	"context"
	"fmt"
	"slices"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ToolPermissions says, for each tool, which permissions may call it: any
// one of them is enough. A tool that is not listed may not be called by
// anyone (deny by default), so a new tool is safe until someone decides.
var ToolPermissions = map[string][]string{
	"list_products":  {"Guest.Read", "User.Read", "User.Write", "Admin.Write"},
	"get_product":    {"Guest.Read", "User.Read", "User.Write", "Admin.Write"},
	"create_product": {"User.Write", "Admin.Write"},
	"delete_product": {"Admin.Write"},
}

// Protect installs the per-tool check on the server.
func Protect(s *mcp.Server) {
	s.AddReceivingMiddleware(Authorize(ToolPermissions))
}

// Authorize returns receiving middleware that lets a tools/call through only
// when the caller holds one of the tool's permissions, and shows in
// tools/list only the tools the caller may call. It decides on every
// request, from the identity the HTTP layer verified for that request:
// nothing is cached from initialize, so a token with fewer permissions
// takes effect at once. perms is only read, never written, and lives in
// the closure, so several servers can each have their own map.
func Authorize(perms map[string][]string) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			switch method {
			case "tools/call":
				call, ok := req.(*mcp.CallToolRequest)
				if !ok || call.Params == nil {
					return nil, fmt.Errorf("unexpected request %T for tools/call", req)
				}
				name := call.Params.Name
				if !mayCall(perms, name, scopes(req)) {
					// A tool error, not a protocol error: the model sees why.
					return &mcp.CallToolResult{
						IsError: true,
						Content: []mcp.Content{&mcp.TextContent{Text: fmt.Sprintf("You don't have permission to call tool %s.", name)}},
					}, nil
				}
			case "tools/list":
				res, err := next(ctx, method, req)
				if err != nil {
					return res, err
				}
				list, ok := res.(*mcp.ListToolsResult)
				if !ok {
					return nil, fmt.Errorf("unexpected result type %T for tools/list", res)
				}
				// Build a new slice in a copy of the result: the server may
				// hand the same list to the next caller, so trimming
				// list.Tools in place would change what they see.
				caller := scopes(req)
				visible := make([]*mcp.Tool, 0, len(list.Tools))
				for _, t := range list.Tools {
					if mayCall(perms, t.Name, caller) {
						visible = append(visible, t)
					}
				}
				filtered := *list
				filtered.Tools = visible
				return &filtered, nil
			}
			return next(ctx, method, req)
		}
	}
}

// scopes returns the permissions the HTTP layer verified for this request,
// or nil when no identity reached the server. Nothing else the caller
// sends counts: not the headers (req.GetExtra().Header, which also carry
// the token: never log them), not params._meta, not the tool's arguments.
func scopes(req mcp.Request) []string {
	if extra := req.GetExtra(); extra != nil && extra.TokenInfo != nil {
		return extra.TokenInfo.Scopes
	}
	return nil
}

// mayCall reports whether a caller holding have may call tool: a tool that
// is not in perms is denied, and any one listed permission is enough,
// wherever it stands in have. The tool's name and each permission are
// compared exactly: no case folding, trimming, prefix, "*" or hierarchy.
func mayCall(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		if slices.Contains(have, p) {
			return true
		}
	}
	return false
}
