// Package oauthconfig is what stage 6's resource server is told when it
// starts: where it is, which authorization server it trusts, the scope it
// requires, and the downstream API it calls with its own credential.
package oauthconfig

// Config is the configuration of an MCP server that is an OAuth resource
// server.
type Config struct {
	// Resource is the server's canonical URI (RFC 8707, RFC 9728): the URL
	// of its MCP endpoint, such as http://127.0.0.1:8080/mcp. Tokens must
	// name it in aud, and its metadata's resource is this string exactly.
	Resource string
	// Issuer is the authorization server's issuer URL; its metadata is at
	// /.well-known/oauth-authorization-server (RFC 8414) under it.
	Issuer string
	// Scope is the scope every MCP request needs.
	Scope string
	// InventoryURL is the downstream API the check_stock tool calls.
	InventoryURL string
	// InventoryKey is the server's own credential for that API, sent as
	// a bearer token; never the caller's.
	InventoryKey string
}

// ToolCheckStock is the tool that calls the inventory API: it takes a
// product id and answers what the API says of its stock.
const ToolCheckStock = "check_stock"

// StockArgs are the arguments of check_stock.
type StockArgs struct {
	ID int `json:"id" jsonschema:"the product's id"`
}
