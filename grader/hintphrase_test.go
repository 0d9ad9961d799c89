package grader

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestRunCheckKeepsHintAndDetailPhrases runs checks that fail with a hint
// or a detail said in a phrase: the result says them in English and keeps
// their phrases, in JSON too, for authlab to translate; a check's own hint
// carries no phrase.
func TestRunCheckKeepsHintAndDetailPhrases(t *testing.T) {
	hint := PhraseForm{ID: "test.hint", English: "look at {{.Where}}"}.Say(map[string]any{"Where": "line 3"})
	detail := Literal("the server log")
	tests := []struct {
		name                 string
		fail                 func() *Failure
		wantHint, wantDetail string
		wantJSON             []string
	}{
		{"hint", func() *Failure { return Fail(Phrase{}, Literal("401"), Literal("200")).SayHint(hint) },
			"look at line 3", "", []string{`"hint_phrase":{"id":"test.hint"`}},
		{"detail", func() *Failure { return Fail(Phrase{}, Literal("401"), Literal("200")).SayDetail(detail) },
			"the check's hint", "the server log", []string{`"detail_phrase":{"text":"the server log"}`}},
		{"neither", func() *Failure { return Fail(Phrase{}, Literal("401"), Literal("200")) },
			"the check's hint", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Check{ID: "x", Hint: "the check's hint", Run: func(context.Context) error { return tt.fail() }}
			res := RunCheck(t.Context(), c, c.Limit())
			if res.Hint != tt.wantHint || res.Detail != tt.wantDetail {
				t.Errorf("hint / detail = %q / %q, want %q / %q", res.Hint, res.Detail, tt.wantHint, tt.wantDetail)
			}
			if (res.HintPhrase != nil) != (tt.name == "hint") || (res.DetailPhrase != nil) != (tt.name == "detail") {
				t.Errorf("phrases = %v / %v, want only the %s one", res.HintPhrase, res.DetailPhrase, tt.name)
			}
			out, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.wantJSON {
				if !strings.Contains(string(out), want) {
					t.Errorf("JSON %s lacks %s", out, want)
				}
			}
			if tt.wantJSON == nil && (strings.Contains(string(out), "hint_phrase") || strings.Contains(string(out), "detail_phrase")) {
				t.Errorf("JSON %s carries a hint or detail phrase nobody said", out)
			}
		})
	}
}
