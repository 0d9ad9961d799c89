package i18n_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/BurntSushi/toml"

	"authlab/grader"
	_ "authlab/grader/stages" // declares every phrase the checks say
	"authlab/internal/i18n"
)

// koreanPhrasesMissingMax is how many grader phrases Korean may still lack.
// Lower it as translations land; it must never go up.
const koreanPhrasesMissingMax = 0

// missingPhrases lists the grader phrases lang's phrase catalog lacks, and
// fails the test on translations of phrases nobody declares or whose
// placeholders are not the English ones.
func missingPhrases(t *testing.T, lang string) []string {
	t.Helper()
	var translated map[string]string
	if _, err := toml.DecodeFile(i18n.PhraseCatalogFile(lang), &translated); err != nil {
		t.Fatalf("%s: %v", i18n.PhraseCatalogFile(lang), err)
	}
	var missing []string
	for id, english := range grader.PhraseForms() {
		text, ok := translated[i18n.PhraseMessageID(id)]
		if !ok {
			missing = append(missing, id)
			continue
		}
		delete(translated, i18n.PhraseMessageID(id))
		want, got := grader.Placeholders(english), grader.Placeholders(text)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(slices.Compact(want), slices.Compact(got)) {
			t.Errorf("%s: %s fills %v, the English %v: use the same placeholders", i18n.PhraseCatalogFile(lang), i18n.PhraseMessageID(id), got, want)
		}
	}
	for id := range translated {
		t.Errorf("%s: %s names no phrase the grader declares (grader.NewPhraseForm): fix or remove it", i18n.PhraseCatalogFile(lang), id)
	}
	sort.Strings(missing)
	return missing
}

// TestPhraseTranslationsReport lists, per language, the grader phrases still
// shown in English.
func TestPhraseTranslationsReport(t *testing.T) {
	for _, lang := range i18n.Supported[1:] {
		missing := missingPhrases(t, lang)
		t.Logf("%s: %d phrases missing", lang, len(missing))
		for _, id := range missing {
			t.Logf("  %s: %q", i18n.PhraseMessageID(id), grader.PhraseForms()[id])
		}
	}
}

// TestKoreanPhrasesNeverFallFurtherBehind keeps Korean failure phrases
// going forward: a new phrase needs its translation.
func TestKoreanPhrasesNeverFallFurtherBehind(t *testing.T) {
	n := len(missingPhrases(t, i18n.Korean))
	if n > koreanPhrasesMissingMax {
		t.Fatalf("Korean lacks %d grader phrases, more than the %d recorded in koreanPhrasesMissingMax: translate the new ones (go test -v -run TestPhraseTranslationsReport ./internal/i18n lists them)", n, koreanPhrasesMissingMax)
	}
}

// TestPhraseText fills a translated phrase, and falls back to the grader's
// English for English, for a phrase with no id and for one no catalog has.
func TestPhraseText(t *testing.T) {
	t.Cleanup(func() { i18n.Use(i18n.English) })
	status := map[string]string{"Got": "200", "Want": "401"}
	const english = "the status is 200, not 401"
	tests := []struct {
		lang, id string
		args     map[string]string
		want     string
	}{
		{i18n.English, "refusal.wrong-status", status, english},
		{i18n.Korean, "refusal.wrong-status", status, "상태 코드가 200임 (기대한 코드: 401)"},
		{i18n.Korean, "refusal.tool-ran", map[string]string{"Tool": "create_product"}, "create_product 도구가 실행됨"},
		{i18n.Korean, "", status, english},
		{i18n.Korean, "refusal.no-such-phrase", status, english},
	}
	for _, tt := range tests {
		i18n.Use(tt.lang)
		if got := i18n.PhraseText(tt.id, tt.args, english); got != tt.want {
			t.Errorf("%s: PhraseText(%q) = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
}
