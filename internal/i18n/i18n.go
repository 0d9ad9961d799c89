// Package i18n is the language authlab speaks to the learner: message
// catalogs embedded from locales/, the chosen language and lookups by ID,
// with English standing in for anything not yet translated.
package i18n

import (
	"embed"
	"fmt"
	"sync/atomic"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// ID names one message of the catalog. Code only uses the constants
// declared in this package, so the lint test can find every ID in use.
type ID string

// Args is the data a message's template fills in, such as {{.Stage}}. A
// "Count" entry also picks the plural form.
type Args map[string]any

// Languages authlab has a catalog for. English is the reference and the
// fallback.
const (
	English = "en"
	Korean  = "ko"
)

// Supported lists the languages with a catalog, English first.
var Supported = []string{English, Korean}

//go:embed locales/*.toml
var locales embed.FS

var (
	bundle  = loadBundle()
	current atomic.Pointer[speaker]
)

// speaker is one chosen language and its localizer.
type speaker struct {
	lang      string
	localizer *goi18n.Localizer
}

func loadBundle() *goi18n.Bundle {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files := []string{CatalogFile(English)}
	for _, lang := range Supported[1:] {
		files = append(files, CatalogFile(lang), CheckCatalogFile(lang), PhraseCatalogFile(lang))
	}
	for _, name := range files {
		if _, err := b.LoadMessageFileFS(locales, name); err != nil {
			panic(fmt.Sprintf("internal/i18n: %v", err))
		}
	}
	return b
}

// CatalogFile is the embedded message file of lang, relative to this package.
func CatalogFile(lang string) string { return "locales/active." + lang + ".toml" }

// Use makes lang the language of every later lookup; an unsupported one
// means English.
func Use(lang string) {
	if !supported(lang) {
		lang = English
	}
	current.Store(newSpeaker(bundle, lang))
}

func newSpeaker(b *goi18n.Bundle, lang string) *speaker {
	return &speaker{lang: lang, localizer: goi18n.NewLocalizer(b, lang, English)}
}

// Lang is the language in use: English until Use says otherwise.
func Lang() string { return speakerNow().lang }

func init() { Use(English) }

func speakerNow() *speaker { return current.Load() }

// T returns message id in the chosen language, filled in with args. A
// message missing from the chosen catalog comes from the English one; a
// message missing from both shows its ID, which the lint test forbids.
func T(id ID, args ...Args) string { return speakerNow().say(id, args...) }

func (s *speaker) say(id ID, args ...Args) string {
	cfg := &goi18n.LocalizeConfig{MessageID: string(id)}
	if len(args) > 0 {
		cfg.TemplateData = map[string]any(args[0])
		if n, ok := args[0]["Count"]; ok {
			cfg.PluralCount = n
		}
	}
	// A message may come back with an error and still be the best text
	// there is: English for a missing translation, the "other" form for a
	// missing plural form.
	if text, _ := s.localizer.Localize(cfg); text != "" {
		return text
	}
	return string(id)
}

func supported(lang string) bool {
	for _, l := range Supported {
		if l == lang {
			return true
		}
	}
	return false
}
