// Package exchange holds the Exchange-specific rules that sit between the
// log readers and the Grafana glue: which Exchange servers are virtual
// machines in the pool (and on which host they run), and which volumes hold
// databases or transaction logs.
package exchange

import (
	"fmt"
	"strings"

	"github.com/xenbench/xenbench/pkg/contract"
)

// Platform values, as used in the `platform` label of every frame. Unknown is never
// counted or drawn as native: it says the pool could not tell.
const (
	Native  = contract.PlatformNative
	Virtual = contract.PlatformVirtual
	Unknown = contract.PlatformUnknown
)

// Reasons a Resolution gives, for the settings page and the Setup page.
const (
	ReasonOverride       = "override"
	ReasonNameLabel      = "name label"
	ReasonGuestHostName  = "guest host name"
	ReasonFileColumn     = "platform column of the results file"
	ReasonNoMatchingVM   = "no matching VM"
	ReasonNoPool         = "no pool configured"
	ReasonPoolUnreadable = "pool unreadable"
)

// VM is what the resolver needs to know about one VM of the pool.
type VM struct {
	UUID      string
	NameLabel string
	// GuestHostNames are the names the guest reports about itself
	// (inventory.GuestHostNames says where they come from in XAPI).
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
	VMUUID   string `json:"-"`            // matched VM's uuid, for migration verdicts
	Reason   string `json:"reason"`       // one of the Reason constants, with details
}

// Resolver decides native, virtual or unknown for server names, the one place that
// does so: perfmon series, load-test results, migration verdicts, compliance rows,
// the health message and the /platforms resource all ask it. Precedence, first that
// applies:
//
//  1. an override from the settings (the user knows best);
//  2. a VM of the pool matching the name: its name label first, then the host name its
//     guest agent reports (a name label is what an administrator chose for the VM;
//     a guest host name can be stale after a clone, so it only decides when no name
//     label matches);
//  3. the platform column of a load-test results file, when the row has one (the tool
//     that wrote it knew where it ran; the pool could not confirm it);
//  4. native, when the pool was read and no VM matches;
//  5. unknown, when there is no pool to ask or it could not be read: never native.
//
// Build one per query; it is read-only afterwards and safe for concurrent use.
type Resolver struct {
	byLabel     map[string][]*VM
	byGuestName map[string][]*VM
	overrides   map[string]Override
	// poolRead is false when there is no pool or it could not be read; noPool says why.
	poolRead bool
	noPool   string
}

// NewResolver indexes the VMs of a pool that was read and validates the overrides.
func NewResolver(vms []VM, overrides map[string]Override) (*Resolver, error) {
	r, err := newResolver(overrides)
	if err != nil {
		return nil, err
	}
	r.poolRead = true
	r.index(vms)
	return r, nil
}

// NewResolverWithoutPool resolves by overrides and file columns only, labelling every
// other server unknown; reason is ReasonNoPool or ReasonPoolUnreadable.
func NewResolverWithoutPool(overrides map[string]Override, reason string) (*Resolver, error) {
	r, err := newResolver(overrides)
	if err != nil {
		return nil, err
	}
	r.noPool = reason
	return r, nil
}

func newResolver(overrides map[string]Override) (*Resolver, error) {
	r := &Resolver{byLabel: map[string][]*VM{}, byGuestName: map[string][]*VM{}, overrides: map[string]Override{}}
	for server, o := range overrides {
		p := strings.ToLower(strings.TrimSpace(o.Platform))
		if p != Native && p != Virtual {
			return nil, fmt.Errorf("platform override for %q is %q; use %q or %q", server, o.Platform, Native, Virtual)
		}
		r.overrides[key(server)] = Override{Platform: p, Host: strings.TrimSpace(o.Host)}
	}
	return r, nil
}

func (r *Resolver) index(vms []VM) {
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
func (r *Resolver) Resolve(server string) Resolution { return r.ResolveDeclared(server, "") }

// ResolveDeclared is Resolve for a row that declares its own platform (a load-test
// results file's platform column, native or virtual; "" when it has none). The
// declaration ranks below overrides and a matching VM (see Resolver).
func (r *Resolver) ResolveDeclared(server, declared string) Resolution {
	res := Resolution{Server: server}
	if o, ok := r.overrides[key(server)]; ok {
		res.Platform, res.Host, res.Reason = o.Platform, o.Host, ReasonOverride
		return res
	}
	for _, idx := range []struct {
		m      map[string][]*VM
		reason string
	}{{r.byLabel, ReasonNameLabel}, {r.byGuestName, ReasonGuestHostName}} {
		for _, k := range []string{key(server), key(shortName(server))} {
			vms := idx.m[k]
			if len(vms) == 0 {
				continue
			}
			res.Platform, res.Reason = Virtual, idx.reason
			res.VM, res.VMUUID, res.Host = vms[0].NameLabel, vms[0].UUID, vms[0].ResidentHost
			for _, vm := range vms[1:] {
				if vm.ResidentHost != res.Host {
					res.Host = ""
				}
			}
			if len(vms) > 1 {
				res.VM, res.VMUUID = "", ""
				res.Reason = fmt.Sprintf("%s shared by %d VMs; add an override to pick one", idx.reason, len(vms))
			}
			return res
		}
	}
	// if chains rather than tagless switches in this package: gremlins (npm run
	// mutation) cannot see Go's coverage of case expressions and would call them
	// not covered although the tests run them.
	if d := strings.ToLower(strings.TrimSpace(declared)); d == Native || d == Virtual {
		res.Platform, res.Reason = d, ReasonFileColumn
	} else if r.poolRead {
		res.Platform, res.Reason = Native, ReasonNoMatchingVM
	} else {
		res.Platform, res.Reason = Unknown, r.noPool
	}
	return res
}

// Matches reports whether server resolves to the VM with that uuid, or, when the uuid
// is unknown, with that name label: how a migration finds the Exchange server it moved.
func (r *Resolver) Matches(server, vmUUID, vmName string) bool {
	res := r.Resolve(server)
	if res.Platform != Virtual {
		return false
	}
	if vmUUID != "" && res.VMUUID != "" {
		return res.VMUUID == vmUUID
	}
	return vmName != "" && strings.EqualFold(res.VM, vmName)
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
