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

// missingPhrases lists the grader phrases lang's phrase catalog lacks and
// those it translates from an English text that has changed since, and
// fails the test on translations of phrases nobody declares or whose
// placeholders are not the English ones.
func missingPhrases(t *testing.T, lang string) (missing, stale []string) {
	t.Helper()
	english := map[string]string{}
	for id, text := range grader.PhraseForms() {
		english[i18n.PhraseMessageID(id)] = text
	}
	if *i18n.UpdateFingerprints {
		if err := i18n.StampCatalog(i18n.PhraseCatalogFile(lang), english); err != nil {
			t.Fatal(err)
		}
	}
	var translated map[string]catalogEntry
	if _, err := toml.DecodeFile(i18n.PhraseCatalogFile(lang), &translated); err != nil {
		t.Fatalf("%s: %v", i18n.PhraseCatalogFile(lang), err)
	}
	for id, en := range english {
		tr, ok := translated[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		want, got := grader.Placeholders(en), grader.Placeholders(tr.Other)
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(slices.Compact(want), slices.Compact(got)) {
			t.Errorf("%s: %s fills %v, the English %v: use the same placeholders", i18n.PhraseCatalogFile(lang), id, got, want)
		}
	}
	for id := range translated {
		if _, ok := english[id]; !ok {
			t.Errorf("%s: %s names no phrase the grader declares (grader.NewPhraseForm): fix or remove it", i18n.PhraseCatalogFile(lang), id)
		}
	}
	stale = i18n.StaleMessages(i18n.PhraseCatalogFile(lang), english, hashesOf(translated))
	sort.Strings(missing)
	sort.Strings(stale)
	return missing, stale
}

// TestPhraseTranslationsReport lists, per language, the grader phrases still
// shown in English and the stale ones, translated from an English text that
// has changed since. With -update it records the current English
// fingerprints first.
func TestPhraseTranslationsReport(t *testing.T) {
	for _, lang := range i18n.Supported[1:] {
		missing, stale := missingPhrases(t, lang)
		i18n.LogTranslations(t, lang+": grader phrases", missing, stale)
	}
}

// TestKoreanPhrasesNeverFallFurtherBehind keeps Korean failure phrases
// going forward: a new phrase, or a changed English one, needs its
// translation.
func TestKoreanPhrasesNeverFallFurtherBehind(t *testing.T) {
	missing, stale := missingPhrases(t, i18n.Korean)
	i18n.AssertNoFurtherBehind(t, "grader phrases", missing, stale, koreanPhrasesMissingMax, "koreanPhrasesMissingMax", "TestPhraseTranslationsReport")
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
