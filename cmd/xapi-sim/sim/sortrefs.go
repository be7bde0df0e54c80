package sim

import "sort"

func sortRefs(refs []string, t map[string]Record) {
	sort.Slice(refs, func(i, j int) bool {
		a, b := t[refs[i]], t[refs[j]]
		la, _ := a["name_label"].(string)
		lb, _ := b["name_label"].(string)
		if la != lb {
			return la < lb
		}
		ua, _ := a["uuid"].(string)
		ub, _ := b["uuid"].(string)
		return ua < ub
	})
}
