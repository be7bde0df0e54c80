package exchange

import (
	"fmt"
	"regexp"
	"strings"
)

// Volume roles: database and transaction log volumes have different limits
// in Microsoft's guidance (see pkg/thresholds), so disk series carry one.
const (
	RoleDatabase = "database"
	RoleLog      = "log"
	RoleUnknown  = ""
)

// VolumeRoles maps (server, LogicalDisk instance) to a role. Settings
// overrides come first; the default is DefaultVolumeRole.
type VolumeRoles struct {
	// overrides[server][instance] with lower-cased keys; server "*" applies
	// to every server.
	overrides map[string]map[string]string
}

// NewVolumeRoles validates a settings map such as
// {"EXVM01": {"D:": "database", "L:": "log"}, "*": {"E:": "database"}}.
func NewVolumeRoles(settings map[string]map[string]string) (*VolumeRoles, error) {
	v := &VolumeRoles{overrides: map[string]map[string]string{}}
	for server, m := range settings {
		sk := key(server)
		if v.overrides[sk] == nil {
			v.overrides[sk] = map[string]string{}
		}
		for inst, role := range m {
			r := strings.ToLower(strings.TrimSpace(role))
			if r != RoleDatabase && r != RoleLog && r != "none" {
				return nil, fmt.Errorf("volume role for %s %s is %q; use %q, %q or \"none\"", server, inst, role, RoleDatabase, RoleLog)
			}
			if r == "none" {
				r = RoleUnknown
			}
			v.overrides[sk][key(inst)] = r
		}
	}
	return v, nil
}

// Role returns the role of a volume and whether it came from the settings.
func (v *VolumeRoles) Role(server, instance string) (role string, fromSettings bool) {
	if v != nil {
		for _, s := range []string{key(server), "*"} {
			if r, ok := v.overrides[s][key(instance)]; ok {
				return r, true
			}
		}
	}
	return DefaultVolumeRole(instance), false
}

var (
	logWords = regexp.MustCompile(`(^|[^a-z])(logs?|translogs?|transaction ?logs?)([^a-z]|$)|logs?$`)
	dbWords  = regexp.MustCompile(`(^|[^a-z])(db|dbs|database|databases|edb|mdb|mailbox|store|data)([^a-z0-9]|$)|(db|database)\d*$`)
)

// DefaultVolumeRole guesses a role from a LogicalDisk instance name when the
// settings say nothing. The heuristic, in order:
//   - "_Total" and names without a hint are unknown (no role-specific limit
//     is applied; the generic ones still are);
//   - a mount-point path or volume name mentioning logs ("L:\Logs",
//     "C:\ExchangeVolumes\SG1Logs", "TransLogs") is a log volume, checked
//     first because log folders often sit beside database folders;
//   - one mentioning db, database, edb, mdb, mailbox, store or data is a
//     database volume;
//   - the bare drive letters "L:" (log) and "D:" (database) follow the
//     layout used by the xenbench simulator and common in Exchange 2007
//     storage designs; other drive letters are unknown.
func DefaultVolumeRole(instance string) string {
	s := strings.ToLower(strings.TrimSpace(instance))
	if s == "" || s == "_total" {
		return RoleUnknown
	}
	if s == "l:" || logWords.MatchString(s) {
		return RoleLog
	}
	if s == "d:" || dbWords.MatchString(s) {
		return RoleDatabase
	}
	return RoleUnknown
}
