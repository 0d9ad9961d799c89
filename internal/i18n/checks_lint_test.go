package i18n_test

import (
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
const koreanCheckTextsMissingMax = 207

// missingCheckTexts lists the check texts lang's check catalog lacks, and
// fails the test on translations of checks or fields that do not exist.
func missingCheckTexts(t *testing.T, lang string) []string {
	t.Helper()
	var translated map[string]string
	if _, err := toml.DecodeFile(i18n.CheckCatalogFile(lang), &translated); err != nil {
		t.Fatalf("%s: %v", i18n.CheckCatalogFile(lang), err)
	}
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, s := range course.Stages {
		gs, ok := stages.Lookup(s.ID)
		if !ok {
			t.Fatalf("stage %s is not in grader/stages", s.ID)
		}
		for _, c := range append(slices.Clone(gs.Checks), gs.Deep...) {
			for _, f := range i18n.CheckFields {
				id := i18n.CheckMessageID(s.ID, c.ID, f)
				if _, ok := translated[id]; ok {
					delete(translated, id)
				} else {
					missing = append(missing, id)
				}
			}
		}
	}
	for id := range translated {
		t.Errorf("%s: %s names no check text: fix its stage, check id or field", i18n.CheckCatalogFile(lang), id)
	}
	return missing
}

// TestCheckTranslationsReport lists, per language, the check texts still
// shown in English, stage by stage.
func TestCheckTranslationsReport(t *testing.T) {
	for _, lang := range i18n.Supported[1:] {
		missing := missingCheckTexts(t, lang)
		perStage := map[string]int{}
		for _, id := range missing {
			perStage[strings.Split(id, ".")[1]]++
		}
		t.Logf("%s: %d check texts missing %v", lang, len(missing), perStage)
		for _, id := range missing {
			t.Logf("  %s", id)
		}
	}
}

// TestKoreanCheckTextsNeverFallFurtherBehind keeps Korean check texts going
// forward: a new check needs its translation.
func TestKoreanCheckTextsNeverFallFurtherBehind(t *testing.T) {
	n := len(missingCheckTexts(t, i18n.Korean))
	if n > koreanCheckTextsMissingMax {
		t.Fatalf("Korean lacks %d check texts, more than the %d recorded in koreanCheckTextsMissingMax: translate the new ones (go test -v -run TestCheckTranslationsReport ./internal/i18n lists them)", n, koreanCheckTextsMissingMax)
	}
	if n < koreanCheckTextsMissingMax {
		t.Logf("Korean lacks %d check texts: lower koreanCheckTextsMissingMax to %d", n, n)
	}
}
