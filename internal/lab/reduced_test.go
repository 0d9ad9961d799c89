package lab

import (
	"strings"
	"testing"

	"authlab/grader"
)

func TestReducedNote(t *testing.T) {
	for _, tt := range []struct {
		name string
		deep *grader.Report
		want string
	}{
		{"no deep report", nil, ""},
		{"a full run", &grader.Report{}, ""},
		{"a twentieth", &grader.Report{Scale: 0.05}, "5% of their variants"},
		{"a half", &grader.Report{Scale: 0.5}, "50% of their variants"},
	} {
		got := ReducedNote(tt.deep)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s: ReducedNote = %q, want it to say %q", tt.name, got, tt.want)
		}
		if tt.want != "" && !strings.Contains(got, grader.DeepScaleEnv) {
			t.Errorf("%s: ReducedNote = %q, want it to name %s", tt.name, got, grader.DeepScaleEnv)
		}
	}
}
