package basicauthcheck

import (
	"context"
	"runtime/debug"

	"authlab/grader"
	"authlab/grader/probe"
)

// quietLogsCheck starts the learner's server and client while capturing
// everything the process prints, and demands that no credential shows.
func quietLogsCheck(t Target) grader.Check {
	return probe.QuietLogsCheck(phraseLogsSends.Say(nil), func(ctx context.Context) (_ []probe.Secret, err error) {
		// The capture runs this on a goroutine of its own, where a panic
		// in Protect would end the process: report it as the check's.
		defer func() {
			if p := recover(); p != nil {
				root, dir := grader.LearnerDirs()
				err = grader.PanicCause(p, string(debug.Stack()), root, dir).PanicFailure(grader.Phrase{})
			}
		}()
		secret := probe.Random(24)
		nearMiss := secret[:len(secret)-1] + string(otherChar(secret[len(secret)-1]))
		// Started inside the capture, so that what Protect prints counts.
		lab, err := start(t, secret)
		if err != nil {
			return nil, err
		}
		defer lab.Close()
		session, closeSession, err := lab.DirectSession(ctx)
		if err != nil {
			return nil, err
		}
		defer closeSession()
		// The answers are other checks' concern: these requests are only
		// there to be logged, or not.
		for _, authorization := range []string{"Bearer " + secret, "Bearer " + nearMiss} {
			if _, _, err := lab.Do(ctx, toolCall(session, authorization)); err != nil {
				return nil, lab.FailSay(phraseToolsCall.Say(nil), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
			}
		}
		none := toolCall(session, "")
		none.Header.Del("Authorization")
		if _, _, err := lab.Do(ctx, none); err != nil {
			return nil, lab.FailSay(phraseCallNoAuth.Say(nil), probe.PhraseAnAnswer.Say(nil), grader.Literal(err.Error()))
		}

		client, clientSecret, err := referenceServer()
		if err != nil {
			return nil, err
		}
		defer client.Close()
		_, _ = t.ListTools(ctx, client.URL, clientSecret)
		return []probe.Secret{
			{Label: probe.PhraseSecretSecret.Say(nil), Value: secret},
			{Label: probe.PhraseSecretNearMissOfSecret.Say(nil), Value: nearMiss},
			{Label: probe.PhraseSecretSecretGivenToListtools.Say(nil), Value: clientSecret},
		}, nil
	})
}

// otherChar returns a base64url character other than c.
func otherChar(c byte) byte {
	if c == 'A' {
		return 'B'
	}
	return 'A'
}
