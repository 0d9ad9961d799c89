package oracle

import (
	"context"
	"errors"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
)

// Model is a stage's reference decision: what must become of a request,
// as the server sees it (see ServerView).
type Model func(req probe.RawRequest) Expect

// HTTP judges drafts by sending them to lab and comparing the answer and
// its effect with what model expects of the request.
func HTTP(lab *probe.Lab, model Model) Judge {
	return func(ctx context.Context, d *Draft) (*Disagreement, error) {
		req := d.Render()
		want := model(ServerView(req))
		reqCtx, cancel := context.WithTimeout(ctx, answerWithin)
		defer cancel()
		ex, eff, err := lab.Do(reqCtx, req)
		var bad *probe.BuildError
		switch {
		case errors.As(err, &bad):
			return nil, nil // a request no client can send: not a variant
		case err != nil && ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil && reqCtx.Err() != nil:
			return want.disagree(BlocksPhrase(answerWithin)), nil
		case err != nil:
			return want.disagree(lab.Got(NoAnswerPhrase(err))...), nil
		}
		dis := want.Judge(ex, eff, probe.Credential(d.AuthValue()))
		if dis != nil {
			if late := lab.LateHeaders(ex.Tag); len(late) > 0 {
				dis.GotPhrases = append(dis.GotPhrases, probe.LateHeadersPhrase(late))
				dis.Got = grader.JoinPhrases(dis.GotPhrases)
			}
		}
		return dis, nil
	}
}

// The texts of a variant that got no answer.
var (
	phraseBlocks   = grader.NewPhraseForm("oracle.blocks", "no answer within {{.Within}}: your code blocks on this request")
	phraseNoAnswer = grader.NewPhraseForm("oracle.no-answer", "no answer: {{.Err}}")
)

// BlocksPhrase says that a variant got no answer within d.
func BlocksPhrase(d time.Duration) grader.Phrase {
	return phraseBlocks.Say(map[string]any{"Within": d})
}

// NoAnswerPhrase says that a variant got no answer, err saying why.
func NoAnswerPhrase(err error) grader.Phrase {
	return phraseNoAnswer.Say(map[string]any{"Err": err})
}

// answerWithin bounds how long one variant may wait for its answer.
const answerWithin = 2 * time.Second

// Words returns the learner-facing summary of a finding's changes.
func Words(steps []Step) string { return WordsPhrase(steps).Text }

// WordsPhrase is Words in a phrase authlab may translate.
func WordsPhrase(steps []Step) grader.Phrase {
	if len(steps) == 0 {
		return phraseUnchanged.Say(nil)
	}
	p := steps[len(steps)-1].Name
	for i := len(steps) - 2; i >= 0; i-- {
		p = phraseThen.Say(map[string]any{"First": steps[i].Name, "Rest": p})
	}
	return p
}
