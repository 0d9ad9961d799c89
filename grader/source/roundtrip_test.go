package source

import (
	"testing"
	"testing/fstest"
)

func TestRequestChanges(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"set on the request", `req.Header.Set("Authorization", "Bearer x"); return t.base.RoundTrip(req)`, 1},
		{"map assignment", `req.Header["Authorization"] = []string{"x"}; return t.base.RoundTrip(req)`, 1},
		{"whole header replaced", `req.Header = http.Header{}; return t.base.RoundTrip(req)`, 1},
		{"on a clone", `r := req.Clone(req.Context()); r.Header.Set("Authorization", "x"); return t.base.RoundTrip(r)`, 0},
		{"replaced by a clone first", `req = req.Clone(req.Context()); req.Header.Set("Authorization", "x"); return t.base.RoundTrip(req)`, 0},
		{"set, then cloned", `req.Header.Add("A", "b"); req = req.Clone(req.Context()); return t.base.RoundTrip(req)`, 1},
		{"only read", `_ = req.Header.Get("A"); return t.base.RoundTrip(req)`, 0},
	}
	for _, tt := range tests {
		src := `package x
import "net/http"
type tr struct{ base http.RoundTripper }
func (t *tr) RoundTrip(req *http.Request) (*http.Response, error) { ` + tt.body + ` }
`
		p, err := Parse(fstest.MapFS{"x.go": {Data: []byte(src)}, "x_test.go": {Data: []byte("package x\nfunc (t *tr) bad(req *http.Request) { req.Header.Set(\"a\", \"b\") }")}})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := p.RequestChanges(); len(got) != tt.want {
			t.Errorf("%s: RequestChanges = %+v, want %d", tt.name, got, tt.want)
		}
	}
}
