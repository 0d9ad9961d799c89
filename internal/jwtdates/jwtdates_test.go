package jwtdates

import "testing"

func TestCheck(t *testing.T) {
	tests := []struct {
		payload string
		ok      bool
	}{
		{`{"exp": 1893456000}`, true},
		{`{"exp": 1893456000.5, "nbf": -1, "iat": 0}`, true},
		{`{"sub": "x"}`, true},
		{`{"exp": "1893456000"}`, false},
		{`{"nbf": "1"}`, false},
		{`{"iat": null}`, false},
		{`{"exp": [1893456000]}`, false},
		{`{"exp": true}`, false},
		{`not json`, false},
	}
	for _, tt := range tests {
		if err := Check([]byte(tt.payload)); (err == nil) != tt.ok {
			t.Errorf("Check(%s) = %v, want ok=%v", tt.payload, err, tt.ok)
		}
	}
}
