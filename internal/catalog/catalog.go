// Package catalog is the lab's demo MCP server: a small product catalog whose
// tools leave a per-run marker, so a grader can prove whether a tool really ran.
package catalog

import (
	"fmt"
	"slices"
	"sync"
)

// Product is one item of the catalog.
type Product struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

// Call records one tool invocation that reached the catalog.
type Call struct {
	Tool   string
	Marker string
}

// Catalog holds the products and the log of tool calls. It is safe for
// concurrent use.
type Catalog struct {
	marker string

	mu       sync.Mutex
	products map[int]Product
	nextID   int
	calls    []Call
}

// New returns a catalog seeded with a few products. Every tool result carries
// marker, and every call is logged, so the marker should be random per run.
func New(marker string) *Catalog {
	c := &Catalog{marker: marker, products: map[int]Product{}}
	for _, p := range []Product{
		{Name: "Espresso machine", Price: 249},
		{Name: "Burr grinder", Price: 129},
		{Name: "Milk jug", Price: 19.5},
	} {
		c.nextID++
		p.ID = c.nextID
		c.products[p.ID] = p
	}
	return c
}

// Marker returns the per-run marker that tool results carry.
func (c *Catalog) Marker() string { return c.marker }

// Calls returns a copy of the log of tool calls, oldest first.
func (c *Catalog) Calls() []Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.calls)
}

// Ran reports whether tool has been called at least once.
func (c *Catalog) Ran(tool string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.ContainsFunc(c.calls, func(call Call) bool { return call.Tool == tool })
}

// Products returns the products sorted by id.
func (c *Catalog) Products() []Product {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Product, 0, len(c.products))
	for _, p := range c.products {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Product) int { return a.ID - b.ID })
	return out
}

// Product returns the product with the given id.
func (c *Catalog) Product(id int) (Product, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.products[id]
	return p, ok
}

func (c *Catalog) record(tool string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, Call{Tool: tool, Marker: c.marker})
}

func (c *Catalog) create(name string, price float64) Product {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	p := Product{ID: c.nextID, Name: name, Price: price}
	c.products[p.ID] = p
	return p
}

func (c *Catalog) delete(id int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.products[id]; !ok {
		return fmt.Errorf("no product with id %d", id)
	}
	delete(c.products, id)
	return nil
}
