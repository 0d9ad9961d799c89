package grader

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
)

// Phrase is a piece of a failure's text built at run time that authlab may
// translate when it shows the report: ID names its message (phrase.<ID> in a
// catalog), Args fill the message's {{.Name}} placeholders, and Text is the
// English. A phrase with no ID is shown as it is, in any language. An
// argument that is itself a phrase is kept in Nested too, so that it is
// translated before it fills its placeholder.
type Phrase struct {
	ID     string            `json:"id,omitempty"`
	Args   map[string]string `json:"args,omitempty"`
	Nested map[string]Phrase `json:"nested,omitempty"`
	Text   string            `json:"text"`
}

// PhraseForm is a phrase's English with {{.Name}} placeholders, declared
// next to the code that says it. Catalogs translate it by its ID.
type PhraseForm struct {
	ID      string
	English string
}

// phraseForms holds every declared form's English by ID; package variables
// fill it, so it is complete before any check runs.
var phraseForms = map[string]string{}

// placeholder matches a {{.Name}} placeholder of a phrase's English.
var placeholder = regexp.MustCompile(`\{\{\.(\w+)\}\}`)

// NewPhraseForm declares the phrase id with its English. Declare each form
// once, in a package variable; a second declaration of id panics.
func NewPhraseForm(id, english string) PhraseForm {
	if _, dup := phraseForms[id]; dup {
		panic("grader: phrase " + id + " is declared twice: give one of them another id")
	}
	phraseForms[id] = english
	return PhraseForm{ID: id, English: english}
}

// Say fills the form's placeholders with args, each written with fmt.Sprint
// but a Phrase, which fills its placeholder with its Text and is kept in
// Nested. A placeholder args lacks stays as it is, which the tests of the
// code that says it catch.
func (f PhraseForm) Say(args map[string]any) Phrase {
	p := Phrase{ID: f.ID, Args: make(map[string]string, len(args))}
	for k, v := range args {
		if nested, ok := v.(Phrase); ok {
			if p.Nested == nil {
				p.Nested = map[string]Phrase{}
			}
			p.Nested[k] = nested
			p.Args[k] = nested.Text
			continue
		}
		p.Args[k] = fmt.Sprint(v)
	}
	p.Text = placeholder.ReplaceAllStringFunc(f.English, func(m string) string {
		if v, ok := p.Args[placeholder.FindStringSubmatch(m)[1]]; ok {
			return v
		}
		return m
	})
	return p
}

// Literal is text no catalog translates: what a server answered, a header
// value, a name.
func Literal(text string) Phrase { return Phrase{Text: text} }

// FixedPhrase returns the declared phrase without placeholders whose English
// is text, so that a fixed text, such as the hint for a cause, is known by
// its English alone wherever it was set.
func FixedPhrase(text string) (Phrase, bool) {
	for id, english := range phraseForms {
		if english == text && !placeholder.MatchString(english) {
			return Phrase{ID: id, Text: text}, true
		}
	}
	return Phrase{}, false
}

// PhraseForms returns the English of every declared phrase by ID, for the
// catalogs' lint.
func PhraseForms() map[string]string { return maps.Clone(phraseForms) }

// Placeholders returns the names of the {{.Name}} placeholders of a phrase's
// text, in order.
func Placeholders(text string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	return names
}

// PhraseSeparator joins the phrases of a failure's Got.
const PhraseSeparator = "; "

// JoinPhrases returns the English of ps as a failure's Got says it.
func JoinPhrases(ps []Phrase) string {
	texts := make([]string, len(ps))
	for i, p := range ps {
		texts[i] = p.Text
	}
	return strings.Join(texts, PhraseSeparator)
}
