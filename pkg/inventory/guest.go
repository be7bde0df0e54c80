package inventory

import "strings"

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
