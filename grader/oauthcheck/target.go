// Package oauthcheck holds the checks of stage 6, oauth: an MCP server that
// is an OAuth resource server as the MCP authorization specification
// (2025-11-25) asks, graded against an embedded authorization server
// (internal/authserver) and the go-sdk's own OAuth client. THREATS.md
// beside this file lists what can sway its decisions or leak, and the
// checks that cover each.
package oauthcheck

import (
	"net/http"

	"authlab/internal/oauthconfig"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Target is the stage-6 code under test, as the learner's package exports it.
type Target struct {
	// NewServer adds check_stock to server and returns the whole HTTP
	// handler: the MCP endpoint at cfg.Resource behind bearer tokens, and
	// the Protected Resource Metadata at its well-known paths.
	NewServer func(cfg oauthconfig.Config, server *mcp.Server) (http.Handler, error)
}
