package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// LangEnv is the environment variable that picks authlab's language when
// no --lang flag is given; it wins over the system locale.
const LangEnv = "AUTHLAB_LANG"

// localeVars are the POSIX locale variables, strongest first.
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// Choose picks the language from the --lang flag's value, then
// AUTHLAB_LANG, then LC_ALL, LC_MESSAGES and LANG. It returns English and
// a one-line notice, naming where the value came from and how to silence
// it, when the first value set names a language authlab has no catalog for.
func Choose(flagValue string, getenv func(string) string) (lang, notice string) {
	source, value := "--lang", flagValue
	if value == "" {
		source, value = LangEnv, getenv(LangEnv)
	}
	for _, name := range localeVars {
		if value != "" {
			break
		}
		source, value = name, getenv(name)
	}
	if value == "" {
		return English, ""
	}
	if base, ok := parseLocale(value); ok {
		return base, ""
	}
	return English, fmt.Sprintf("authlab: no %q translation (from %s); using English. Choose one with --lang or %s: %s",
		value, source, LangEnv, strings.Join(Supported, ", "))
}

// parseLocale reads a language tag or a POSIX locale (ko_KR.UTF-8,
// ko-KR, C, POSIX) and returns its supported base language.
func parseLocale(value string) (string, bool) {
	value, _, _ = strings.Cut(value, ".") // ko_KR.UTF-8: drop the codeset
	value, _, _ = strings.Cut(value, "@") // sr_RS@latin: drop the modifier
	if value == "C" || value == "POSIX" {
		return English, true
	}
	tag, err := language.Parse(strings.ReplaceAll(value, "_", "-"))
	if err != nil {
		return "", false
	}
	base, _ := tag.Base()
	if supported(base.String()) {
		return base.String(), true
	}
	return "", false
}

// TakeFlag removes every --lang VALUE, --lang=VALUE, -lang VALUE and
// -lang=VALUE from args, so the flag works before or after any command, and
// returns the last value given with the remaining arguments. A --lang with
// no value is left in place for the flag parser to report.
func TakeFlag(args []string) (value string, rest []string) {
	rest = make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" || strings.HasPrefix(a, "---") {
			rest = append(rest, a)
			continue
		}
		switch {
		case hasValue:
			value = v
		case i+1 < len(args):
			value = args[i+1]
			i++
		default:
			rest = append(rest, a)
		}
	}
	return value, rest
}
