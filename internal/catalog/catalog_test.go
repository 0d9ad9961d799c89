package catalog

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// connect serves the catalog in memory and returns a client session.
func connect(t *testing.T, c *Catalog) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	serverT, clientT := mcp.NewInMemoryTransports()
	if _, err := c.NewServer().Connect(ctx, serverT, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, clientT, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func text(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func TestToolsRunLeaveTheMarkerAndChangeTheCatalog(t *testing.T) {
	c := New("mk-test")
	cs := connect(t, c)
	ctx := context.Background()

	var names []string
	for tool, err := range cs.Tools(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tool.Name)
	}
	if strings.Join(names, ",") != "create_product,delete_product,get_product,list_products" {
		t.Errorf("tools = %v", names)
	}

	calls := []struct {
		tool    string
		args    any
		wantErr bool
		want    string
	}{
		{ToolListProducts, map[string]any{}, false, "Espresso machine"},
		{ToolGetProduct, map[string]any{"id": 2}, false, "Burr grinder"},
		{ToolCreateProduct, map[string]any{"name": "Scale", "price": 35}, false, `"id":4`},
		{ToolDeleteProduct, map[string]any{"id": 1}, false, `"deleted":1`},
		{ToolGetProduct, map[string]any{"id": 1}, true, "no product with id 1"},
		{ToolDeleteProduct, map[string]any{"id": 99}, true, "no product with id 99"},
	}
	for _, call := range calls {
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: call.tool, Arguments: call.args})
		if err != nil {
			t.Fatalf("%s: %v", call.tool, err)
		}
		got := text(res)
		if res.IsError != call.wantErr || !strings.Contains(got, call.want) {
			t.Errorf("%s(%v) = %q (error %v), want %q (error %v)", call.tool, call.args, got, res.IsError, call.want, call.wantErr)
		}
		if !call.wantErr && !strings.Contains(got, "marker: mk-test") {
			t.Errorf("%s result lacks the marker: %q", call.tool, got)
		}
	}
	if len(c.Calls()) != len(calls) || !c.Ran(ToolDeleteProduct) {
		t.Errorf("call log = %v", c.Calls())
	}
	if _, ok := c.Product(1); ok {
		t.Error("product 1 still exists after delete_product")
	}
	if p, ok := c.Product(4); !ok || p.Name != "Scale" {
		t.Errorf("created product = %+v, %v", p, ok)
	}
}

func TestNoCallNoRun(t *testing.T) {
	c := New("mk")
	if c.Ran(ToolCreateProduct) || len(c.Calls()) != 0 {
		t.Error("a fresh catalog reports calls")
	}
	if len(c.Products()) != 3 {
		t.Errorf("seeded products = %v", c.Products())
	}
}

func TestFreshHandlerAnswersARepeatedDeleteAlike(t *testing.T) {
	const del = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_product","arguments":{"id":1}}}`
	for _, tt := range []struct {
		name       string
		handler    http.Handler
		secondWins bool
	}{
		{"FreshHandler", FreshHandler("mk"), true},
		{"StatelessHandler", New("mk").StatelessHandler(), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			var answers []string
			for range 2 {
				req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(del))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/json, text/event-stream")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				answers = append(answers, string(body))
			}
			if !strings.Contains(answers[0], `{\"deleted\":1}`) {
				t.Fatalf("first delete: %s", answers[0])
			}
			if same := answers[0] == answers[1]; same != tt.secondWins {
				t.Errorf("second delete answered the same: %v, want %v\nfirst:  %s\nsecond: %s", same, tt.secondWins, answers[0], answers[1])
			}
		})
	}
}
