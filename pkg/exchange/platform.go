// Package exchange holds the Exchange-specific rules that sit between the
// log readers and the Grafana glue: which Exchange servers are virtual
// machines in the pool (and on which host they run), and which volumes hold
// databases or transaction logs.
package exchange

import (
	"fmt"
	"strings"
)

// Platform values, as used in the `platform` label of every frame.
const (
	Native  = "native"
	Virtual = "virtual"
)

// VM is what the resolver needs to know about one VM of the pool.
type VM struct {
	NameLabel string
	// GuestHostNames are the names the guest reports about itself; see
	// GuestHostNames for where they come from in XAPI.
	GuestHostNames []string
	// ResidentHost is the name_label of the host the VM runs on (empty
	// when halted).
	ResidentHost string
}

// Override is a settings entry that fixes a server's platform and host.
type Override struct {
	Platform string `json:"platform"` // native or virtual
	Host     string `json:"host,omitempty"`
}

// Resolution says what a server is and why, for the settings page.
type Resolution struct {
	Server   string `json:"server"`
	Platform string `json:"platform"`
	Host     string `json:"host,omitempty"`
	VM       string `json:"vm,omitempty"` // matched VM's name_label
	Reason   string `json:"reason"`       // override, name label, guest host name, no matching VM
}

// GuestHostNames collects the host names a Windows or Linux guest agent
// reports in VM_guest_metrics (XAPI docs, class VM_guest_metrics: os_version,
// netbios_name, other are string maps filled by the guest agent). The keys
// read are netbios_name["host_name"], os_version["hostname"] and
// other["hostname"]; absent keys are skipped.
func GuestHostNames(osVersion, netbiosName, other map[string]string) []string {
	var out []string
	for _, v := range []string{netbiosName["host_name"], osVersion["hostname"], other["hostname"]} {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Resolver decides native or virtual for server names. Build one per
// inventory refresh; it is read-only afterwards and safe for concurrent use.
type Resolver struct {
	byLabel     map[string][]*VM
	byGuestName map[string][]*VM
	overrides   map[string]Override
}

// NewResolver indexes the pool's VMs and validates the overrides.
func NewResolver(vms []VM, overrides map[string]Override) (*Resolver, error) {
	r := &Resolver{byLabel: map[string][]*VM{}, byGuestName: map[string][]*VM{}, overrides: map[string]Override{}}
	for server, o := range overrides {
		p := strings.ToLower(strings.TrimSpace(o.Platform))
		if p != Native && p != Virtual {
			return nil, fmt.Errorf("platform override for %q is %q; use %q or %q", server, o.Platform, Native, Virtual)
		}
		r.overrides[key(server)] = Override{Platform: p, Host: strings.TrimSpace(o.Host)}
	}
	for i := range vms {
		vm := &vms[i]
		if k := key(vm.NameLabel); k != "" {
			r.byLabel[k] = appendVM(r.byLabel[k], vm)
		}
		for _, g := range vm.GuestHostNames {
			for _, k := range []string{key(g), key(shortName(g))} {
				if k != "" {
					r.byGuestName[k] = appendVM(r.byGuestName[k], vm)
				}
			}
		}
	}
	return r, nil
}

func appendVM(list []*VM, vm *VM) []*VM {
	for _, v := range list {
		if v == vm {
			return list
		}
	}
	return append(list, vm)
}

// Resolve answers for one server name (a perfmon machine name, a NetBIOS
// name or a DNS name). Matching is case-insensitive; a DNS name also matches
// by its first label, since perfmon logs carry NetBIOS names. XAPI allows
// several VMs with one name label: the server is then still virtual, but the
// host is left empty unless all candidates run on the same one, and the
// reason says so, for the settings page.
func (r *Resolver) Resolve(server string) Resolution {
	res := Resolution{Server: server}
	if o, ok := r.overrides[key(server)]; ok {
		res.Platform, res.Host, res.Reason = o.Platform, o.Host, "override"
		return res
	}
	for _, k := range []string{key(server), key(shortName(server))} {
		for _, idx := range []struct {
			m      map[string][]*VM
			reason string
		}{{r.byLabel, "name label"}, {r.byGuestName, "guest host name"}} {
			vms := idx.m[k]
			if len(vms) == 0 {
				continue
			}
			res.Platform, res.Reason = Virtual, idx.reason
			res.VM, res.Host = vms[0].NameLabel, vms[0].ResidentHost
			for _, vm := range vms[1:] {
				if vm.ResidentHost != res.Host {
					res.Host = ""
				}
			}
			if len(vms) > 1 {
				res.VM = ""
				res.Reason = fmt.Sprintf("%s shared by %d VMs; add an override to pick one", idx.reason, len(vms))
			}
			return res
		}
	}
	res.Platform, res.Reason = Native, "no matching VM"
	return res
}

// ResolveAll answers for several servers, in the given order.
func (r *Resolver) ResolveAll(servers []string) []Resolution {
	out := make([]Resolution, len(servers))
	for i, s := range servers {
		out[i] = r.Resolve(s)
	}
	return out
}

func key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func shortName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '.'); i > 0 {
		return s[:i]
	}
	return s
}
