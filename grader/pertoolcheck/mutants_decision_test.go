package pertoolcheck

// Mutants of stage 4: how the check compares tool names and permissions.

import (
	"slices"
	"strings"
)

// ---- the decision (copies of mayCall) -------------------------------------

// Models "only restrict what is listed": a tool missing from the map is open
// to everyone.
func unlistedAllowed(perms map[string][]string, tool string, have []string) bool {
	required, ok := perms[tool]
	if !ok {
		return true // BUG: allow by default
	}
	for _, p := range required {
		if slices.Contains(have, p) {
			return true
		}
	}
	return false
}

// Models stage 3's habit of requiring every listed permission.
func allOf(perms map[string][]string, tool string, have []string) bool {
	required, ok := perms[tool]
	if !ok {
		return false
	}
	for _, p := range required {
		if !slices.Contains(have, p) {
			return false // BUG: all-of, not any-of
		}
	}
	return true
}

// Models "be lenient about case": admin.write passes for Admin.Write.
func equalFold(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.EqualFold(h, p) { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models a prefix match on the held permission: Admin.Writer passes for
// Admin.Write.
func heldHasPrefix(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.HasPrefix(h, p) { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models a role hierarchy nobody wrote down: holding Admin passes for
// Admin.Write.
func requiredHasPrefix(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.HasPrefix(p, h) { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models treating the permissions as an OAuth scope string and searching it.
func containsJoined(perms map[string][]string, tool string, have []string) bool {
	held := strings.Join(have, " ")
	for _, p := range perms[tool] {
		if strings.Contains(held, p) { // BUG: a substring is enough
			return true
		}
	}
	return false
}

// Models a map row copied from create_product.
var deleteAlsoForUsers = map[string][]string{
	"list_products":  {"Guest.Read", "User.Read", "User.Write", "Admin.Write"},
	"get_product":    {"Guest.Read", "User.Read", "User.Write", "Admin.Write"},
	"create_product": {"User.Write", "Admin.Write"},
	"delete_product": {"User.Write", "Admin.Write"}, // BUG: delete needs Admin.Write only
}

// Models "the first permission is the role": a token holding several
// permissions is judged by Scopes[0] alone.
func firstOnly(perms map[string][]string, tool string, have []string) bool {
	if len(have) == 0 {
		return false
	}
	return slices.Contains(perms[tool], have[0]) // BUG: the others never count
}

// Models "be lenient about spaces": " Admin.Write" passes for Admin.Write.
func trimmedPermissions(perms map[string][]string, tool string, have []string) bool {
	for _, p := range perms[tool] {
		for _, h := range have {
			if strings.TrimSpace(h) == p { // BUG: not exact
				return true
			}
		}
	}
	return false
}

// Models permissions read as an OAuth scope string: one element
// "Guest.Read,Admin.Write" becomes two permissions.
func commaSplit(perms map[string][]string, tool string, have []string) bool {
	for _, h := range have {
		for _, part := range strings.Split(h, ",") { // BUG: one permission is one element
			if slices.Contains(perms[tool], part) {
				return true
			}
		}
	}
	return false
}

// Models a wildcard nobody granted: a token holding "*" may do anything.
func wildcard(perms map[string][]string, tool string, have []string) bool {
	if slices.Contains(have, "*") { // BUG: no permission means "all"
		return true
	}
	return mayCall(perms, tool, have)
}

// Models a hierarchy written into code: an admin may call anything, even
// a tool the map does not list.
func adminAllowsAll(perms map[string][]string, tool string, have []string) bool {
	if slices.Contains(have, "Admin.Write") { // BUG: a tool the map does not list is open to admins
		return true
	}
	return mayCall(perms, tool, have)
}

// Models "tool names are case-insensitive": DELETE_PRODUCT finds
// delete_product's row.
func toolNameFolded(perms map[string][]string, tool string, have []string) bool {
	for name, required := range perms {
		if strings.EqualFold(name, tool) { // BUG: another tool, found by delete_product's row
			return slices.ContainsFunc(required, func(p string) bool { return slices.Contains(have, p) })
		}
	}
	return false
}

// Models cleaning up the tool name before the lookup.
func toolNameTrimmed(perms map[string][]string, tool string, have []string) bool {
	return mayCall(perms, strings.TrimSpace(tool), have) // BUG: " delete_product" is another tool
}

// Models matching tool families by prefix: delete_products and
// delete_product_v2 find delete_product's row.
func toolNamePrefix(perms map[string][]string, tool string, have []string) bool {
	for name, required := range perms {
		if strings.HasPrefix(tool, name) { // BUG: not exact
			return slices.ContainsFunc(required, func(p string) bool { return slices.Contains(have, p) })
		}
	}
	return false
}

// Models a substring match on the name: admin_delete_product finds
// delete_product's row.
func toolNameContains(perms map[string][]string, tool string, have []string) bool {
	for name, required := range perms {
		if strings.Contains(tool, name) { // BUG: not exact
			return slices.ContainsFunc(required, func(p string) bool { return slices.Contains(have, p) })
		}
	}
	return false
}
