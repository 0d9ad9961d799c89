package i18n

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// UpdateFingerprints makes the report tests record, in every translation,
// the fingerprint of the English it now translates:
//
//	go test ./internal/i18n -run Report -update
//
// Run it only after re-translating every text the report lists as stale.
var UpdateFingerprints = flag.Bool("update", false, "record the current English fingerprint in every translation")

// StaleMessages lists the IDs of file whose recorded hash is not the
// fingerprint of their English text now, a missing hash included. IDs with
// no translation or no English are not stale: they are missing or wrong.
func StaleMessages(file string, english, hashes map[string]string) []string {
	var stale []string
	for id, hash := range hashes {
		if en, ok := english[id]; ok && hash != Fingerprint(en) {
			stale = append(stale, file+": "+id)
		}
	}
	return stale
}

// catalogLine is one message of a catalog: "id" = "text", or the same text
// with its hash, "id" = { hash = "...", other = "text" }.
var catalogLine = regexp.MustCompile(`^"([^"]+)" = (?:\{ hash = "[^"]*", other = (".*") \}|(".*"))$`)

// StampCatalog rewrites the catalog at path so that each message with an
// English text records that text's fingerprint as its hash.
func StampCatalog(path string, english map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(b), "\n")
	for i, line := range lines {
		m := catalogLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		en, ok := english[m[1]]
		if !ok {
			continue
		}
		text := m[2]
		if text == "" {
			text = m[3]
		}
		lines[i] = fmt.Sprintf(`"%s" = { hash = "%s", other = %s }`, m[1], Fingerprint(en), text)
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
}
