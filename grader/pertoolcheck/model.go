package pertoolcheck

import (
	"authlab/grader"
	"slices"
	"strings"

	"authlab/internal/catalog"
)

// The lab's four permissions.
const (
	guestRead  = "Guest.Read"
	userRead   = "User.Read"
	userWrite  = "User.Write"
	adminWrite = "Admin.Write"
)

// verdict is the reference decision on one tool for one caller.
type verdict int

const (
	deny verdict = iota
	allow
	// either: the stage leaves this row of the map to the learner.
	either
)

// rule is one row of the reference map: the permissions that must open a
// tool, and those the learner may choose to add.
type rule struct {
	must, may []string
}

// reference is the stage's map as the checks pin it. create_product and
// delete_product are the chapter's rows; the read tools are the lesson's
// suggestion, and the fast checks demand every permission but User.Read
// on list_products, which the learner may leave out.
var reference = map[string]rule{
	catalog.ToolListProducts:  {must: []string{guestRead, userWrite, adminWrite}, may: []string{userRead}},
	catalog.ToolGetProduct:    {must: []string{guestRead, userRead, userWrite, adminWrite}},
	catalog.ToolCreateProduct: {must: []string{userWrite, adminWrite}},
	catalog.ToolDeleteProduct: {must: []string{adminWrite}},
}

// decide is the reference decision: any one of the tool's permissions,
// compared exactly, is enough; a tool not in the map is denied to all.
func decide(tool string, held []string) verdict {
	r, ok := reference[tool]
	if !ok {
		return deny
	}
	v := deny
	for _, h := range held {
		switch {
		case slices.Contains(r.must, h):
			return allow
		case slices.Contains(r.may, h):
			v = either
		}
	}
	return v
}

// visible returns every tools/list a caller holding held may be shown
// among the server's tools, each sorted: one list, or two where the
// learner's map has a choice.
func visible(tools, held []string) [][]string {
	var sure, open []string
	for _, t := range tools {
		switch decide(t, held) {
		case allow:
			sure = append(sure, t)
		case either:
			open = append(open, t)
		}
	}
	lists := [][]string{sorted(sure)}
	if len(open) > 0 {
		lists = append(lists, sorted(append(slices.Clone(sure), open...)))
	}
	return lists
}

// accepts says in words which of the caller's permissions a tool accepts,
// for messages.
func accepts(tool string) grader.Phrase {
	r, ok := reference[tool]
	if !ok {
		return phraseNotInMap.Say(map[string]any{"Tool": tool})
	}
	args := map[string]any{"Tool": tool, "Perms": strings.Join(r.must, ", ")}
	if len(r.may) > 0 {
		args["May"] = strings.Join(r.may, ", ")
		return phraseAcceptsMay.Say(args)
	}
	return phraseAccepts.Say(args)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	if s == nil {
		s = []string{}
	}
	return s
}

// listText shows a tool list for messages.
func listText(names []string) string { return "[" + strings.Join(names, ", ") + "]" }
