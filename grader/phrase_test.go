package grader

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

func TestPhraseFormSay(t *testing.T) {
	form := PhraseForm{ID: "test.status", English: "the status is {{.Got}}, not {{.Want}}"}
	tests := []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"Got": 200, "Want": 401}, "the status is 200, not 401"},
		{map[string]any{"Got": `"a"`, "Want": 401, "Extra": 1}, `the status is "a", not 401`},
		{map[string]any{"Got": 200}, "the status is 200, not {{.Want}}"},
	}
	for _, tt := range tests {
		p := form.Say(tt.args)
		if p.Text != tt.want || p.ID != form.ID {
			t.Errorf("Say(%v) = %q (%s), want %q (%s)", tt.args, p.Text, p.ID, tt.want, form.ID)
		}
		if p.Args["Got"] != fmt.Sprint(tt.args["Got"]) {
			t.Errorf("Say(%v).Args = %v, want Got as fmt.Sprint writes it", tt.args, p.Args)
		}
	}
}

func TestNewPhraseFormRefusesDuplicates(t *testing.T) {
	t.Cleanup(func() { delete(phraseForms, "test.duplicate") })
	NewPhraseForm("test.duplicate", "once")
	if _, ok := PhraseForms()["test.duplicate"]; !ok {
		t.Fatal("PhraseForms lacks a declared form")
	}
	defer func() {
		if recover() == nil {
			t.Error("a second declaration of test.duplicate did not panic")
		}
	}()
	NewPhraseForm("test.duplicate", "twice")
}

func TestJoinPhrasesAndPlaceholders(t *testing.T) {
	ps := []Phrase{Literal("200 OK, WWW-Authenticate: Bearer"), {ID: "x", Text: "the request reached the MCP handler"}}
	if got, want := JoinPhrases(ps), "200 OK, WWW-Authenticate: Bearer; the request reached the MCP handler"; got != want {
		t.Errorf("JoinPhrases = %q, want %q", got, want)
	}
	if got := Placeholders("{{.Got}} and {{.Want}}, not {{ .Spaced }}"); !slices.Equal(got, []string{"Got", "Want"}) {
		t.Errorf("Placeholders = %v, want [Got Want]", got)
	}
}

func TestFixedPhrase(t *testing.T) {
	t.Cleanup(func() { delete(phraseForms, "test.placeholder") })
	NewPhraseForm("test.placeholder", "the tool {{.Tool}} ran")
	tests := []struct {
		text, id string
	}{
		{HangHint, "hint.hang"},
		{RaceHint, "hint.race"},
		{ExitHint, "hint.exit"},
		{"the tool {{.Tool}} ran", ""},
		{"a hint of the check's own", ""},
	}
	for _, tt := range tests {
		p, ok := FixedPhrase(tt.text)
		if ok != (tt.id != "") || p.ID != tt.id || (ok && p.Text != tt.text) {
			t.Errorf("FixedPhrase(%.30q) = %+v, %v, want id %q", tt.text, p, ok, tt.id)
		}
	}
}

// TestNestedPhraseSurvivesTheReport fills a placeholder with a phrase: the
// English reads as one text, and the inner phrase is kept, through the JSON
// a test process reports in, for authlab to translate first.
func TestNestedPhraseSurvivesTheReport(t *testing.T) {
	inner := PhraseForm{ID: "test.inner", English: "the status is {{.Got}}"}.Say(map[string]any{"Got": 200})
	outer := PhraseForm{ID: "test.outer", English: "{{.Answer}}: {{.Reason}}"}.Say(map[string]any{"Answer": Literal("200 OK"), "Reason": inner})
	if outer.Text != "200 OK: the status is 200" {
		t.Fatalf("Text = %q, want the nested phrases' English in place", outer.Text)
	}
	b, err := json.Marshal(CheckResult{ID: "c", GotPhrases: []Phrase{outer}})
	if err != nil {
		t.Fatal(err)
	}
	var back CheckResult
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	got := back.GotPhrases[0].Nested["Reason"]
	if got.ID != "test.inner" || got.Args["Got"] != "200" || back.GotPhrases[0].Nested["Answer"].Text != "200 OK" {
		t.Errorf("nested after JSON = %+v, want the inner phrase with its id and args", back.GotPhrases[0].Nested)
	}
}
