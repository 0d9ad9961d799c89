// Package oauth is stage 6 of authlab: an MCP server that is an OAuth
// resource server. Read the lesson first (authlab opens it for you), then
// fill in the TODOs. Run the checks with `c` in the lab or
// `authlab check oauth`.
package oauth

import (
	"context"
	"errors"
	"net/http"

	"authlab/internal/oauthconfig"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// NewServer adds check_stock to server and returns the HTTP handler of the
// whole resource server: the MCP endpoint at cfg.Resource's path behind
// bearer tokens, and the Protected Resource Metadata (RFC 9728).
func NewServer(cfg oauthconfig.Config, server *mcp.Server) (http.Handler, error) {
	inventory := &inventoryClient{url: cfg.InventoryURL, key: cfg.InventoryKey}
	mcp.AddTool(server, &mcp.Tool{Name: oauthconfig.ToolCheckStock, Description: "Ask the inventory how many of a product are in stock"}, inventory.checkStock)

	mux := http.NewServeMux()
	// TODO: serve the metadata at /.well-known/oauth-protected-resource/mcp
	// (auth.ProtectedResourceMetadataHandler): resource cfg.Resource
	// exactly, the issuer, the scope.

	// TODO: put the MCP handler behind middleware that verifies the bearer
	// token against the authorization server's JWKS and answers 401 or 403
	// with a challenge pointing to the metadata.
	mux.Handle("/mcp", mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil))
	return mux, nil
}

// inventoryClient calls the inventory API with the server's own key.
type inventoryClient struct {
	url string // the API's root
	key string // the server's own credential for it
}

// checkStock asks the inventory (GET url/stock/<id>) how many of a product
// are in stock.
func (c *inventoryClient) checkStock(ctx context.Context, req *mcp.CallToolRequest, args oauthconfig.StockArgs) (*mcp.CallToolResult, any, error) {
	// TODO: call the inventory with Authorization: Bearer c.key (never the
	// caller's token) and return its answer as text.
	return nil, nil, errors.New("check_stock is not written yet")
}
