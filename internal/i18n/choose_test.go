package i18n

import (
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

func TestChoosePrecedence(t *testing.T) {
	tests := []struct {
		name       string
		flag       string
		env        map[string]string
		want       string
		wantNotice string // a part of the notice; "" means no notice
	}{
		{"nothing set", "", nil, English, ""},
		{"flag wins over everything", "ko", map[string]string{LangEnv: "en", "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, Korean, ""},
		{"AUTHLAB_LANG wins over the locale", "", map[string]string{LangEnv: "ko", "LC_ALL": "en_US.UTF-8"}, Korean, ""},
		{"AUTHLAB_LANG en wins over a Korean locale", "", map[string]string{LangEnv: "en", "LANG": "ko_KR.UTF-8"}, English, ""},
		{"LC_ALL wins over LC_MESSAGES and LANG", "", map[string]string{"LC_ALL": "ko_KR.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}, Korean, ""},
		{"LC_MESSAGES wins over LANG", "", map[string]string{"LC_MESSAGES": "ko_KR", "LANG": "en_US.UTF-8"}, Korean, ""},
		{"LANG alone", "", map[string]string{"LANG": "ko_KR.UTF-8"}, Korean, ""},
		{"C locale is English", "", map[string]string{"LANG": "C"}, English, ""},
		{"C.UTF-8 is English", "", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, English, ""},
		{"POSIX is English", "", map[string]string{"LC_ALL": "POSIX"}, English, ""},
		{"BCP 47 tag", "ko-KR", nil, Korean, ""},
		{"modifier dropped", "", map[string]string{"LANG": "ko_KR.UTF-8@euro"}, Korean, ""},
		{"unknown flag value", "fr", map[string]string{"LANG": "ko_KR.UTF-8"}, English, `"fr" translation (from --lang)`},
		{"unknown locale", "", map[string]string{"LANG": "fr_FR.UTF-8"}, English, "(from LANG)"},
		{"garbage in AUTHLAB_LANG", "", map[string]string{LangEnv: "!!"}, English, "(from AUTHLAB_LANG)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, notice := Choose(tt.flag, func(k string) string { return tt.env[k] })
			if got != tt.want {
				t.Errorf("Choose = %q, want %q", got, tt.want)
			}
			switch {
			case tt.wantNotice == "" && notice != "":
				t.Errorf("unexpected notice %q", notice)
			case tt.wantNotice != "" && !strings.Contains(notice, tt.wantNotice):
				t.Errorf("notice %q does not contain %q", notice, tt.wantNotice)
			case strings.Contains(notice, "\n"):
				t.Errorf("notice %q is more than one line", notice)
			}
		})
	}
}

func TestTakeFlag(t *testing.T) {
	tests := []struct {
		args      []string
		wantValue string
		wantRest  []string
	}{
		{[]string{"check"}, "", []string{"check"}},
		{[]string{"--lang", "ko", "check"}, "ko", []string{"check"}},
		{[]string{"check", "--lang=ko", "--json"}, "ko", []string{"check", "--json"}},
		{[]string{"-lang", "en", "list"}, "en", []string{"list"}},
		{[]string{"--lang", "en", "hint", "-lang=ko"}, "ko", []string{"hint"}},
		{[]string{"list", "--lang"}, "", []string{"list", "--lang"}},
		{[]string{"--language", "ko"}, "", []string{"--language", "ko"}},
		{[]string{"serve", "--", "--lang", "ko"}, "", []string{"serve", "--", "--lang", "ko"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			v, rest := TakeFlag(tt.args)
			if v != tt.wantValue || !slices.Equal(rest, tt.wantRest) {
				t.Errorf("TakeFlag = %q, %q; want %q, %q", v, rest, tt.wantValue, tt.wantRest)
			}
		})
	}
}

// testCatalogs stand in for the embedded ones, so the fallback stays tested
// once every message is translated.
var testCatalogs = map[string]string{
	English: `
only = "only in English"
both = "translated"
[count]
one = "{{.Count}} check"
other = "{{.Count}} checks"
[other]
other = "{{.Count}} things"
`,
	Korean: `
both = "번역됨"
count = "검사 {{.Count}}개"
`,
}

func testSpeaker(t *testing.T, lang string) *speaker {
	t.Helper()
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for l, text := range testCatalogs {
		if _, err := b.ParseMessageFileBytes([]byte(text), "active."+l+".toml"); err != nil {
			t.Fatal(err)
		}
	}
	return newSpeaker(b, lang)
}

func TestLookupFallsBackToEnglish(t *testing.T) {
	tests := []struct {
		lang string
		id   ID
		args Args
		want string
	}{
		{English, "only", nil, "only in English"},
		{Korean, "only", nil, "only in English"},
		{Korean, "both", nil, "번역됨"},
		{English, "both", nil, "translated"},
		{"fr", "both", nil, "translated"},
		{Korean, "absent", nil, "absent"},
		{English, "count", Args{"Count": 1}, "1 check"},
		{English, "count", Args{"Count": 3}, "3 checks"},
		{Korean, "count", Args{"Count": 1}, "검사 1개"},
		{English, "other", Args{"Count": 1}, "1 things"}, // no "one" form: the "other" one
	}
	for _, tt := range tests {
		s := testSpeaker(t, tt.lang)
		var got string
		if tt.args != nil {
			got = s.say(tt.id, tt.args)
		} else {
			got = s.say(tt.id)
		}
		if got != tt.want {
			t.Errorf("%s: say(%s) = %q, want %q", tt.lang, tt.id, got, tt.want)
		}
	}
}

func TestUseAndLang(t *testing.T) {
	t.Cleanup(func() { Use(English) })
	for _, tt := range []struct{ use, want string }{{Korean, Korean}, {"fr", English}, {English, English}} {
		Use(tt.use)
		if got := Lang(); got != tt.want {
			t.Errorf("Use(%q); Lang() = %q, want %q", tt.use, got, tt.want)
		}
	}
}
