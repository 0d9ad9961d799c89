package lab

import (
	"fmt"

	"authlab/grader"
	"authlab/internal/i18n"
)

// ReducedNote says, in the chosen language, that a deep report comes from a
// run cut short by grader.DeepScaleEnv; it is empty for a full run.
func ReducedNote(deep *grader.Report) string {
	if deep == nil || deep.Scale <= 0 || deep.Scale >= 1 {
		return ""
	}
	return i18n.T(i18n.CLIDeepReduced, i18n.Args{"Percent": fmt.Sprintf("%g", deep.Scale*100), "Env": grader.DeepScaleEnv})
}
