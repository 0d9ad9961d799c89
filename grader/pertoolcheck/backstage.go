package pertoolcheck

import (
	"context"
	"encoding/json"
	"sync"

	"authlab/grader/probe"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// backstage is what the grader installs on the MCP server inside the
// learner's check: tools the learner's map does not list (look-alikes of
// the catalog's, a random one), and a record of every tools/call and
// tools/list that got past the check, with what the server answered.
type backstage struct {
	extra []string // tools to add, which the learner's map must not open

	mu     sync.Mutex
	passed []passage
	ran    []string // extra tools that ran, oldest first
}

// passage is a request that got past the learner's check.
type passage struct {
	Method string
	Tool   string // the tool of a tools/call
	Caller string // the request's probe.CallerHeader
	// Answer is the server's answer, as JSON, before the learner's
	// middleware saw it.
	Answer json.RawMessage
}

// setup adds the extra tools and the recorder to s; run it before the
// learner's Protect, so that the recorder sits inside the learner's check.
func (b *backstage) setup(s *mcp.Server) {
	for _, name := range b.extra {
		s.AddTool(&mcp.Tool{Name: name, Description: "Not in the map", InputSchema: map[string]any{"type": "object"}},
			func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				b.mu.Lock()
				b.ran = append(b.ran, name)
				b.mu.Unlock()
				return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "ran " + name}}}, nil
			})
	}
	s.AddReceivingMiddleware(b.record)
}

// record notes each tools/call and tools/list that reached it, and the
// answer the server gave.
func (b *backstage) record(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		if method != "tools/call" && method != "tools/list" {
			return next(ctx, method, req)
		}
		p := passage{Method: method}
		if call, ok := req.(*mcp.CallToolRequest); ok && call.Params != nil {
			p.Tool = call.Params.Name
		}
		if extra := req.GetExtra(); extra != nil && extra.Header != nil {
			p.Caller = extra.Header.Get(probe.CallerHeader)
		}
		res, err := next(ctx, method, req)
		if err == nil && res != nil {
			p.Answer, _ = json.Marshal(res)
		}
		b.mu.Lock()
		b.passed = append(b.passed, p)
		b.mu.Unlock()
		return res, err
	}
}

// mark is a point in the backstage's records.
type mark struct{ passed, ran int }

// mark returns the current point, to read what came after with since.
func (b *backstage) mark() mark {
	b.mu.Lock()
	defer b.mu.Unlock()
	return mark{len(b.passed), len(b.ran)}
}

// since returns the passages and extra tool runs recorded after m.
func (b *backstage) since(m mark) ([]passage, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]passage(nil), b.passed[m.passed:]...), append([]string(nil), b.ran[m.ran:]...)
}

// passages returns every passage so far.
func (b *backstage) passages() []passage {
	p, _ := b.since(mark{})
	return p
}
