package oracle

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestNoCharacterChangeIsACaseChange: a server that ignores case must be
// caught by the case step, whose name says "case", never by a step that
// meant to change a character and only flipped a letter's case.
func TestNoCharacterChangeIsACaseChange(t *testing.T) {
	gens := slices.Concat(CredentialGens(), Refusers())
	for _, credential := range []string{"aaaaaaaaaaaaaaaa", "AbCdEfGhIjKlMnOa", "0000000000000000", "Zz09-_Zz09-_Zz0a"} {
		for seed := range uint64(500) {
			for _, gen := range gens {
				step := gen(rand.New(rand.NewPCG(seed, seed)))
				if !strings.Contains(step.Name.Text, "character") || !strings.Contains(step.Name.Text, "changed") {
					continue
				}
				d := Draft{Cred: credential}
				step.Apply(&d)
				if changed := d.Credential(); strings.EqualFold(changed, credential) {
					t.Fatalf("seed %d, %q: %q gave %q, which differs from it in case at most", seed, credential, step.Name.Text, changed)
				}
			}
		}
	}
}
