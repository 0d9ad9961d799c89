package harness

import (
	"testing"

	"authlab/grader/oracle"
)

func TestDeepContextScalesOnlyWhenAsked(t *testing.T) {
	for _, tt := range []struct {
		scale string
		want  float64
	}{
		{"", 1},
		{"0.05", 0.05},
		{"0.5", 0.5},
		{"1", 1},
		{"2", 1},
		{"0", 1},
		{"-0.5", 1},
		{"a lot", 1},
	} {
		if got := oracle.Scale(deepContext(tt.scale)); got != tt.want {
			t.Errorf("deepContext(%q): scale %v, want %v", tt.scale, got, tt.want)
		}
	}
}
