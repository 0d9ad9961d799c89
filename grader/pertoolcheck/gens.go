package pertoolcheck

import (
	"authlab/grader"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"authlab/grader/oracle"
	"authlab/internal/catalog"
)

// Hints of the differential's changes.
const (
	hintToolName = "Look the tool up by its exact name (perms[call.Params.Name]): no strings.EqualFold, ToLower or TrimSpace, " +
		"no prefix or substring match. A tool whose name is not a key of the map is denied to everyone, whatever it resembles."
	hintPermission = "Compare each of the caller's permissions exactly with the ones the tool lists (slices.Contains): no case " +
		"folding, trimming, prefix or substring, no splitting on commas or spaces, no \"*\" and no hierarchy. Look at all of them, " +
		"not only the first: any one the tool lists is enough."
	hintIdentity = "Take the caller's permissions from req.GetExtra().TokenInfo.Scopes only: the HTTP layer verified them. " +
		"Headers (req.GetExtra().Header), params._meta and tool arguments are written by the caller and prove nothing."
)

// lookalikes are tools the differential's server really serves, named like
// the catalog's: the map lists none of them, so every caller is denied
// them, and tools/list never shows them.
var lookalikes = []string{
	"DELETE_PRODUCT", "Delete_Product", "delete_Product", "delete_products", "delete_product_v2", "delete_product2",
	"delete_product.", "delete_product-", "admin_delete_product", "_delete_product", "v2.delete_product", "delete_produc",
	"delete", "elete_produc", " delete_product", "delete_product ", "delete-product", "deleteProduct", "delete.product",
	"LIST_PRODUCTS", "list_products_all", "list", "CREATE_PRODUCT", "create_product_admin", "create",
}

// The names of the changes to the tool a call names.
var (
	phraseOtherTool = grader.NewPhraseForm("step.other-tool", "the tool {{.Tool}} called instead")
	phraseLookalike = grader.NewPhraseForm("step.lookalike-tool", "the tool {{.Tool}} called instead (the server serves it; the map does not list it)")
	phraseAsList    = grader.NewPhraseForm("step.as-list", "tools/list sent instead of the tools/call")
)

// toolGens call another tool: the other tools of the catalog, with
// arguments that suit them, and every look-alike.
func toolGens() []oracle.Gen {
	args := map[string]map[string]any{
		catalog.ToolListProducts:  {},
		catalog.ToolGetProduct:    {"id": 1},
		catalog.ToolCreateProduct: {"name": "variant", "price": 1},
	}
	var gens []oracle.Gen
	for _, tool := range []string{catalog.ToolListProducts, catalog.ToolGetProduct, catalog.ToolCreateProduct} {
		gens = append(gens, oracle.Fixed(oracle.Step{Name: phraseOtherTool.Say(map[string]any{"Tool": tool}), Apply: func(d *oracle.Draft) {
			setParam(d, "name", tool)
			setParam(d, "arguments", clone(args[tool]))
		}}))
	}
	for _, tool := range lookalikes {
		gens = append(gens, oracle.Fixed(oracle.Step{Name: phraseLookalike.Say(map[string]any{"Tool": strconv.Quote(tool)}),
			Hint: hintToolName, Apply: func(d *oracle.Draft) { setParam(d, "name", tool) }}))
	}
	return gens
}

// permissionGens set the token's permissions claim: the lab's four
// permissions, look-alikes of them, several at once in any order or
// repeated, and claims that are not a list of strings (which the grader's
// token layer refuses).
func permissionGens() []oracle.Gen {
	lists := [][]string{
		{guestRead}, {userRead}, {userWrite}, {adminWrite}, {"Visitor"}, {""}, {},
		{"admin.write"}, {"ADMIN.WRITE"}, {"Admin.write"}, {"Admin.Write "}, {" Admin.Write"}, {"\u00a0Admin.Write"},
		{"Admin.Write\u200b"}, {"Admin.Writer"}, {"Admin.Writes"}, {"Admin"}, {"Admin."}, {"dmin.Write"},
		{"Org.Admin.Write"}, {"Admin.Write.All"}, {"AdminWrite"}, {"Admin Write"}, {"Admin_Write"}, {"Admin:Write"},
		{"Admin/Write"}, {"Admin.Read"}, {"Write"}, {"*"}, {"Admin.*"}, {"*.Write"}, {"*.*"},
		{"Admin.Write,User.Read"}, {"Admin.Write User.Read"}, {"User.Read,Admin.Write"},
		{"user.write"}, {"User.Writer"}, {"User"}, {"User.Write "}, {"guest.read"}, {"Guest"}, {"Guest.Read "},
		{guestRead, adminWrite}, {adminWrite, guestRead}, {"Visitor", guestRead, userRead, adminWrite},
		{adminWrite, adminWrite}, {guestRead, guestRead}, {userRead, userWrite}, {"admin.write", "Admin"},
		{"", adminWrite}, {guestRead, "admin.write"}, {"Visitor", userWrite}, {userRead, "*"},
	}
	var gens []oracle.Gen
	for _, l := range lists {
		gens = append(gens, setPermissions(l...))
	}
	for _, v := range []any{adminWrite, adminWrite + " " + guestRead, []any{1, adminWrite}, []any{[]any{adminWrite}},
		map[string]any{adminWrite: true}, true} {
		gens = append(gens, claimStep("permissions", v, hintPermission))
	}
	return gens
}

// setPermissions makes the token grant exactly perms.
func setPermissions(perms ...string) oracle.Gen { return permissionStep(hintPermission, perms...) }

// lowerPermissions makes the token grant exactly perms, a real permission
// that does not open the base request's tool: what follows from it is the
// fault of the change it is combined with, whose hint then counts.
func lowerPermissions(perms ...string) oracle.Gen { return permissionStep("", perms...) }

func permissionStep(hint string, perms ...string) oracle.Gen {
	list := make([]any, len(perms))
	for i, p := range perms {
		list[i] = p
	}
	return claimStep("permissions", list, hint)
}

// subjectGens change who the token is for: the decision must not change.
func subjectGens() []oracle.Gen {
	return []oracle.Gen{
		claimStep("sub", "admin", hintIdentity),
		claimStep("name", "admin", hintIdentity),
	}
}

// asList sends tools/list instead of the tools/call.
func asList() oracle.Gen {
	return oracle.Fixed(oracle.Step{Name: phraseAsList.Say(nil), Apply: func(d *oracle.Draft) {
		if d.Body != nil {
			d.Body["method"] = "tools/list"
		}
	}})
}

// claimStep sets a claim of the draft's token to v.
func claimStep(name string, v any, hint string) oracle.Gen {
	return oracle.Fixed(oracle.Step{Name: oracle.PhraseClaimSet.Say(map[string]any{"Claim": name, "Value": jsonText(v)}), Hint: hint, Apply: func(d *oracle.Draft) {
		if d.Token != nil {
			d.Token.Claims[name] = v
		}
	}})
}

// jsonText shows v as JSON, with every character beyond ASCII escaped so
// that a no-break or zero-width space shows in a message.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	var out strings.Builder
	for _, r := range string(b) {
		if r > unicode.MaxASCII {
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	return out.String()
}

// setParam sets a field of the draft's JSON-RPC params.
func setParam(d *oracle.Draft, k string, v any) {
	if d.Body == nil {
		return
	}
	p, ok := d.Body["params"].(map[string]any)
	if !ok {
		p = map[string]any{}
		d.Body["params"] = p
	}
	p[k] = v
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// The hints above are phrases too, so that a failure that sets one reads
// in the language in use: FixedPhrase finds each by its English.
var (
	_ = grader.NewPhraseForm("hint.pertoolcheck.tool-name", hintToolName)
	_ = grader.NewPhraseForm("hint.pertoolcheck.permission", hintPermission)
	_ = grader.NewPhraseForm("hint.pertoolcheck.identity", hintIdentity)
)
