package grader

import (
	"fmt"
	"net/http"
)

// Demo is how `authlab serve` runs a stage's server by hand.
type Demo struct {
	// Env returns fresh settings for the server process, as environment
	// variables.
	Env func() map[string]string
	// Handler builds the server inside the test binary, from that
	// environment.
	Handler func() (http.Handler, error)
	// Examples returns commands to try against the server at baseURL that
	// was started with env.
	Examples func(baseURL string, env map[string]string) []Example
}

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
