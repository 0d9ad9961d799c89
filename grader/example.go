package grader

import "fmt"

// Example is a ready-to-paste command against a running stage server, and
// the answer it demonstrates.
type Example struct {
	Title   string `json:"title"`
	Command string `json:"command"`
}

// ToolsListBody is the JSON-RPC body of a tools/list request.
const ToolsListBody = `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`

// CurlMCP returns a curl command that posts body to baseURL/mcp as an MCP
// client would, followed by extra curl arguments such as a header.
func CurlMCP(baseURL, body, extra string) string {
	cmd := fmt.Sprintf(`curl -i %s/mcp -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '%s'`, baseURL, body)
	if extra != "" {
		cmd += " " + extra
	}
	return cmd
}
