package lab

import (
	"strings"

	"authlab/grader"
	"authlab/internal/i18n"
)

// localChecks returns copies of a stage's checks with their name, expected
// answer and hint in the language in use.
func localChecks(stage string, checks []grader.Check) []grader.Check {
	out := make([]grader.Check, len(checks))
	for i, c := range checks {
		c.Name = i18n.CheckText(stage, c.ID, i18n.CheckName, c.Name)
		c.Expect = i18n.CheckText(stage, c.ID, i18n.CheckExpect, c.Expect)
		c.Hint = i18n.CheckText(stage, c.ID, i18n.CheckHint, c.Hint)
		out[i] = c
	}
	return out
}

// localReport translates, in place, the texts of rep's results (its deep
// report's too) that are their check's own English text, and what a
// failure sent, expected, got, hinted or detailed when it said so in
// phrases; any other text a failure wrote for itself stays as it is.
func localReport(stage string, rep *grader.Report, checks []grader.Check) {
	if rep == nil {
		return
	}
	byID := make(map[string]grader.Check, len(checks))
	for _, c := range checks {
		byID[c.ID] = c
	}
	for i := range rep.Checks {
		r := &rep.Checks[i]
		r.Got = localGot(r.Got, r.GotPhrases)
		if p := r.ExpectedPhrase; p != nil && p.Text == r.Expected {
			r.Expected = localPhrase(*p)
		}
		if p := r.SentPhrase; p != nil && p.Text == r.Sent {
			r.Sent = localPhrase(*p)
		}
		if p := r.DetailPhrase; p != nil && p.Text == r.Detail {
			r.Detail = localPhrase(*p)
		}
		if p := r.HintPhrase; p != nil && p.Text == r.Hint {
			r.Hint = localPhrase(*p)
		} else if p, ok := grader.FixedPhrase(r.Hint); ok {
			r.Hint = i18n.PhraseText(p.ID, nil, p.Text)
		}
		c, ok := byID[r.ID]
		if !ok {
			continue
		}
		for _, f := range []struct {
			text    *string
			english string
			field   i18n.CheckField
		}{
			{&r.Name, c.Name, i18n.CheckName},
			{&r.Expected, c.Expect, i18n.CheckExpect},
			{&r.Hint, c.Hint, i18n.CheckHint},
		} {
			if *f.text == f.english {
				*f.text = i18n.CheckText(stage, c.ID, f.field, f.english)
			}
		}
	}
	localReport(stage, rep.Deep, checks)
}

// localGot returns got in the language in use when phrases say it, and got
// as it is when they do not, as when something rewrote got after the
// failure said it.
func localGot(got string, phrases []grader.Phrase) string {
	if len(phrases) == 0 || grader.JoinPhrases(phrases) != got {
		return got
	}
	texts := make([]string, len(phrases))
	for i, p := range phrases {
		texts[i] = localPhrase(p)
	}
	return strings.Join(texts, grader.PhraseSeparator)
}

// localPhrase returns p in the language in use, its nested phrases
// translated first.
func localPhrase(p grader.Phrase) string {
	args := p.Args
	if len(p.Nested) > 0 {
		args = make(map[string]string, len(p.Args))
		for k, v := range p.Args {
			args[k] = v
		}
		for k, nested := range p.Nested {
			args[k] = localPhrase(nested)
		}
	}
	return i18n.PhraseText(p.ID, args, p.Text)
}
