package i18n

import goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

// PhraseCatalogFile is the embedded catalog of lang for the phrases a
// failing check builds at run time (grader.Phrase), relative to this
// package. English has none: its texts are the grader's own.
func PhraseCatalogFile(lang string) string { return "locales/phrases." + lang + ".toml" }

// PhraseMessageID is the catalog ID of the grader phrase id: phrase.<id>.
func PhraseMessageID(id string) string { return "phrase." + id }

// PhraseText returns the grader phrase id filled in with args, in the
// language in use, or english, the grader's own text, when the catalog has
// no translation of it.
func PhraseText(id string, args map[string]string, english string) string {
	s := speakerNow()
	if s.lang == English || id == "" {
		return english
	}
	text, err := s.localizer.Localize(&goi18n.LocalizeConfig{MessageID: PhraseMessageID(id), TemplateData: args})
	if err != nil || text == "" {
		return english
	}
	return text
}
