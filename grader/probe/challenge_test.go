package probe

import (
	"strings"
	"testing"
)

func TestParseChallenge(t *testing.T) {
	tests := []struct {
		in      string
		scheme  string
		params  map[string]string
		wantErr string
	}{
		{in: "Bearer", scheme: "Bearer", params: map[string]string{}},
		{in: "bearer", scheme: "bearer", params: map[string]string{}},
		{in: `Bearer realm="authlab"`, scheme: "Bearer", params: map[string]string{"realm": "authlab"}},
		{in: `Bearer realm="a", error="invalid_token"`, scheme: "Bearer", params: map[string]string{"realm": "a", "error": "invalid_token"}},
		{in: `Bearer error="insufficient_scope",scope="User.Read Admin.Write"`, scheme: "Bearer", params: map[string]string{"error": "insufficient_scope", "scope": "User.Read Admin.Write"}},
		{in: `Bearer ERROR="invalid_token"`, scheme: "Bearer", params: map[string]string{"error": "invalid_token"}},
		{in: `Bearer error_description="say \"no\""`, scheme: "Bearer", params: map[string]string{"error_description": `say "no"`}},
		{in: `Bearer realm="a", Basic realm="b"`, scheme: "Bearer", params: map[string]string{"realm": "a"}},
		{in: `Bearer error=invalid_token`, wantErr: "must be a quoted string"},
		{in: `Bearer error="invalid_token`, wantErr: "closing quote"},
		{in: `Bearer error="a", error="b"`, wantErr: "appears twice"},
		{in: `Bearer error="a" scope="b"`, wantErr: "separated by commas"},
		{in: `Bearer error`, wantErr: "has no value"},
		{in: `Bearer,error="a"`, wantErr: "followed by a space"},
		{in: ``, wantErr: "scheme name"},
		{in: `"Bearer"`, wantErr: "scheme name"},
	}
	for _, tt := range tests {
		c, err := ParseChallenge(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseChallenge(%q) error = %v, want one saying %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseChallenge(%q): %v", tt.in, err)
			continue
		}
		if c.Scheme != tt.scheme || len(c.Params) != len(tt.params) {
			t.Errorf("ParseChallenge(%q) = %+v, want %s %v", tt.in, c, tt.scheme, tt.params)
			continue
		}
		for k, v := range tt.params {
			if c.Params[k] != v {
				t.Errorf("ParseChallenge(%q).Params[%s] = %q, want %q", tt.in, k, c.Params[k], v)
			}
		}
	}
}
