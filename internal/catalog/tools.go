package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Tool names, as the chapter "Simple auth" uses them.
const (
	ToolListProducts  = "list_products"
	ToolGetProduct    = "get_product"
	ToolCreateProduct = "create_product"
	ToolDeleteProduct = "delete_product"
)

// ToolNames lists every tool the catalog serves, in registration order.
var ToolNames = []string{ToolListProducts, ToolGetProduct, ToolCreateProduct, ToolDeleteProduct}

// IDArgs are the arguments of get_product and delete_product.
type IDArgs struct {
	ID int `json:"id" jsonschema:"the product id"`
}

// CreateArgs are the arguments of create_product.
type CreateArgs struct {
	Name  string  `json:"name" jsonschema:"the product name"`
	Price float64 `json:"price" jsonschema:"the price in euros"`
}

// schemas keeps the tools' input schemas, inferred from their argument
// types and resolved once per process: a check starts a server for every
// request it sends, and inferring them anew each time was a tenth of a
// check run's CPU.
var schemas = mcp.NewSchemaCache()

// NewServer returns a fresh MCP server exposing the catalog's tools. Call it
// once per session or once per process: all servers share the catalog's state.
func (c *Catalog) NewServer() *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "authlab-catalog", Version: "1.0.0"}, &mcp.ServerOptions{SchemaCache: schemas})
	mcp.AddTool(s, &mcp.Tool{Name: ToolListProducts, Description: "List every product in the catalog"},
		func(ctx context.Context, req *mcp.CallToolRequest, _ struct{}) (*mcp.CallToolResult, any, error) {
			c.record(ToolListProducts)
			return c.result(c.Products())
		})
	mcp.AddTool(s, &mcp.Tool{Name: ToolGetProduct, Description: "Show one product"},
		func(ctx context.Context, req *mcp.CallToolRequest, args IDArgs) (*mcp.CallToolResult, any, error) {
			c.record(ToolGetProduct)
			p, ok := c.Product(args.ID)
			if !ok {
				return nil, nil, fmt.Errorf("no product with id %d", args.ID)
			}
			return c.result(p)
		})
	mcp.AddTool(s, &mcp.Tool{Name: ToolCreateProduct, Description: "Add a product to the catalog"},
		func(ctx context.Context, req *mcp.CallToolRequest, args CreateArgs) (*mcp.CallToolResult, any, error) {
			c.record(ToolCreateProduct)
			return c.result(c.create(args.Name, args.Price))
		})
	mcp.AddTool(s, &mcp.Tool{Name: ToolDeleteProduct, Description: "Remove a product from the catalog"},
		func(ctx context.Context, req *mcp.CallToolRequest, args IDArgs) (*mcp.CallToolResult, any, error) {
			c.record(ToolDeleteProduct)
			if err := c.delete(args.ID); err != nil {
				return nil, nil, err
			}
			return c.result(map[string]int{"deleted": args.ID})
		})
	return s
}

// result renders v as JSON text followed by the run marker.
func (c *Catalog) result(v any) (*mcp.CallToolResult, any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, nil, err
	}
	return &mcp.CallToolResult{Content: []mcp.Content{
		&mcp.TextContent{Text: string(b)},
		&mcp.TextContent{Text: "marker: " + c.marker},
	}}, nil, nil
}

// StatelessHandler serves a fresh server of the catalog over streamable
// HTTP with no sessions and plain JSON answers, so that a single curl
// request can call a tool. setup runs on the server first.
func (c *Catalog) StatelessHandler(setup ...func(*mcp.Server)) http.Handler {
	srv := c.NewServer()
	for _, s := range setup {
		s(srv)
	}
	return statelessHandler(func() *mcp.Server { return srv })
}

// FreshHandler is a StatelessHandler whose every request gets a catalog of
// its own, seeded anew, with marker: a request that deletes a product
// answers the same each time it is sent.
func FreshHandler(marker string, setup ...func(*mcp.Server)) http.Handler {
	return statelessHandler(func() *mcp.Server {
		srv := New(marker).NewServer()
		for _, s := range setup {
			s(srv)
		}
		return srv
	})
}

func statelessHandler(server func() *mcp.Server) http.Handler {
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server() },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
}
