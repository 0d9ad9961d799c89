package i18n

import goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

// CheckField is a text of a grader check that a catalog may translate. The
// English text stays in the check's code; translations live in
// locales/checks.<lang>.toml under CheckMessageID.
type CheckField string

// The translatable texts of a check.
const (
	CheckName   CheckField = "name"   // one line saying what is checked
	CheckExpect CheckField = "expect" // what a correct implementation answers
	CheckHint   CheckField = "hint"   // what to look at when the check fails
)

// CheckFields lists the translatable texts of a check, in card order.
var CheckFields = []CheckField{CheckName, CheckExpect, CheckHint}

// CheckCatalogFile is the embedded check-text catalog of lang, relative to
// this package. English has none: its texts are the checks' own.
func CheckCatalogFile(lang string) string { return "locales/checks." + lang + ".toml" }

// CheckMessageID is the catalog ID of a check's field:
// check.<stage>.<check id>.<field>.
func CheckMessageID(stage, check string, field CheckField) string {
	return "check." + stage + "." + check + "." + string(field)
}

// CheckText returns a check's field in the language in use, or english, the
// check's own text, when the catalog has no translation of it.
func CheckText(stage, check string, field CheckField, english string) string {
	s := speakerNow()
	if s.lang == English {
		return english
	}
	text, err := s.localizer.Localize(&goi18n.LocalizeConfig{MessageID: CheckMessageID(stage, check, field)})
	if err != nil || text == "" {
		return english
	}
	return text
}
