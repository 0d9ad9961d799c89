package i18n_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"authlab/grader/stages"
	"authlab/internal/i18n"
	"authlab/lessons"
)

// koreanCheckTextsMissingMax is how many check texts (names, expected
// answers, hints) Korean may still lack. Lower it as translations land; it
// must never go up.
const koreanCheckTextsMissingMax = 0

// catalogEntry is one message of a translation catalog: its text and the
// fingerprint of the English it translates.
type catalogEntry struct {
	Hash  string `toml:"hash"`
	Other string `toml:"other"`
}

// hashesOf maps each ID of a decoded catalog to the hash it records.
func hashesOf(catalog map[string]catalogEntry) map[string]string {
	hashes := make(map[string]string, len(catalog))
	for id, e := range catalog {
		hashes[id] = e.Hash
	}
	return hashes
}

// englishCheckTexts maps the catalog ID of every check text of the course
// to its English, the check's own text.
func englishCheckTexts(t *testing.T) map[string]string {
	t.Helper()
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	english := map[string]string{}
	for _, s := range course.Stages {
		gs, ok := stages.Lookup(s.ID)
		if !ok {
			t.Fatalf("stage %s is not in grader/stages", s.ID)
		}
		for _, c := range append(slices.Clone(gs.Checks), gs.Deep...) {
			english[i18n.CheckMessageID(s.ID, c.ID, i18n.CheckName)] = c.Name
			english[i18n.CheckMessageID(s.ID, c.ID, i18n.CheckExpect)] = c.Expect
			english[i18n.CheckMessageID(s.ID, c.ID, i18n.CheckHint)] = c.Hint
		}
	}
	return english
}

// missingCheckTexts lists the check texts lang's check catalog lacks and
// those it translates from an English text that has changed since, and
// fails the test on translations of checks or fields that do not exist.
func missingCheckTexts(t *testing.T, lang string) (missing, stale []string) {
	t.Helper()
	english := englishCheckTexts(t)
	if *i18n.UpdateFingerprints {
		if err := i18n.StampCatalog(i18n.CheckCatalogFile(lang), english); err != nil {
			t.Fatal(err)
		}
	}
	var translated map[string]catalogEntry
	if _, err := toml.DecodeFile(i18n.CheckCatalogFile(lang), &translated); err != nil {
		t.Fatalf("%s: %v", i18n.CheckCatalogFile(lang), err)
	}
	for id := range english {
		if _, ok := translated[id]; !ok {
			missing = append(missing, id)
		}
	}
	for id := range translated {
		if _, ok := english[id]; !ok {
			t.Errorf("%s: %s names no check text: fix its stage, check id or field", i18n.CheckCatalogFile(lang), id)
		}
	}
	stale = i18n.StaleMessages(i18n.CheckCatalogFile(lang), english, hashesOf(translated))
	slices.Sort(missing)
	slices.Sort(stale)
	return missing, stale
}

// TestCheckTranslationsReport lists, per language, the check texts still
// shown in English, stage by stage, and the stale ones, translated from an
// English text that has changed since. With -update it records the current
// English fingerprints first.
func TestCheckTranslationsReport(t *testing.T) {
	for _, lang := range i18n.Supported[1:] {
		missing, stale := missingCheckTexts(t, lang)
		perStage := map[string]int{}
		for _, id := range missing {
			perStage[strings.Split(id, ".")[1]]++
		}
		i18n.LogTranslations(t, fmt.Sprintf("%s: check texts (missing per stage %v)", lang, perStage), missing, stale)
	}
}

// TestKoreanCheckTextsNeverFallFurtherBehind keeps Korean check texts going
// forward: a new check, or a changed English text, needs its translation.
func TestKoreanCheckTextsNeverFallFurtherBehind(t *testing.T) {
	missing, stale := missingCheckTexts(t, i18n.Korean)
	i18n.AssertNoFurtherBehind(t, "check texts", missing, stale, koreanCheckTextsMissingMax, "koreanCheckTextsMissingMax", "TestCheckTranslationsReport")
}
