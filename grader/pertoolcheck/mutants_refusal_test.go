package pertoolcheck

// Mutants of stage 4: which methods the check guards, and how it refuses.

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

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
