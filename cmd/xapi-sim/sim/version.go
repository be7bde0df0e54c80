package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// versionProfile is what a given xapi version changes on the wire.
type versionProfile struct {
	Raw string
	// JSONRPC: hosts before JSON-RPC answered POST /jsonrpc as XML-RPC with
	// text/xml, which is how the xen-api client detects them
	// (vatesfr/xen-orchestra packages/xen-api/transports/json-rpc.mjs).
	JSONRPC bool
	// RRDJSON: the old hand-built JSON5-like rrd_updates text (bare keys,
	// bare numbers and NaN), replaced by Yojson output in commit 03cffe8701
	// "rrd_updates: replace ad-hoc json generation to use yojson"
	// (ocaml/libs/xapi-rrd/lib/rrd_updates.ml). Xen Orchestra dates the
	// string-number JSON to XAPI 23.31 (vatesfr/xen-orchestra PR #7383).
	RRDJSON rrdJSONStyle
	// AcceptNegotiation: client_prefers_json honours the Accept header
	// (ocaml/xcp-rrdd/bin/rrdd/rrdd_http_handler.ml, xapi >= 23.17).
	AcceptNegotiation bool
	// Digits is the %g precision of RRD values: 5 until commit 731ede746b
	// "CA-404591 - rrd: Do not lose precision when converting floats to
	// strings" (first in v25.3.0), 15 after (ocaml/libs/xapi-rrd/lib/rrd_utils.ml).
	Digits int
	// VMMigratedMessage: VM_MIGRATED joined ocaml/xapi-consts/api_messages.ml
	// in commit 37c9778685 (2021); older pools send no message on migration.
	VMMigratedMessage bool
	// APIMajor/APIMinor are the host's API_version fields.
	APIMajor, APIMinor int64
	// ProductVersion is software_version.product_version.
	ProductVersion string
}

type rrdJSONStyle int

const (
	rrdJSONNone    rrdJSONStyle = iota // XML only
	rrdJSONLegacy                      // {meta: {start:1,...},data:[{t:1,values:[NaN]}]}
	rrdJSONStrings                     // {"meta":{"start":"1",...},"data":[{"t":"1","values":["NaN"]}]}
)

// DefaultXapiVersion is a current XCP-ng 8.3 / XenServer 8 xapi.
const DefaultXapiVersion = "24.39.0"

// parseVersion maps --xapi-version to a profile. Accepted forms: the old
// "1.x" numbering (1.20 ~ XenServer 5.x/6.x, 1.249 ~ Citrix Hypervisor 8.2)
// and the date-like numbering of current xapi ("23.30", "24.39.0").
func parseVersion(s string) (versionProfile, error) {
	p := versionProfile{Raw: s}
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return p, fmt.Errorf("xapi version %q: want MAJOR.MINOR[.PATCH], e.g. 1.20, 23.30 or 24.39.0", s)
	}
	nums := make([]int, len(parts))
	for i, part := range parts {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return p, fmt.Errorf("xapi version %q: %q is not a number", s, part)
		}
		nums[i] = n
	}
	major, minor := nums[0], nums[1]
	switch {
	case major == 1 && minor < 100:
		// XenServer 5.x/6.x era: XML-RPC only, rrd_updates only in XML.
		p.JSONRPC, p.RRDJSON = false, rrdJSONNone
		p.APIMajor, p.APIMinor, p.ProductVersion = 1, 10, "6.2.0"
	case major == 1:
		p.JSONRPC, p.RRDJSON = true, rrdJSONLegacy
		p.APIMajor, p.APIMinor, p.ProductVersion = 2, 16, "8.2.1"
		p.VMMigratedMessage = minor >= 300
	case major < 23 || (major == 23 && minor < 31):
		p.JSONRPC, p.RRDJSON = true, rrdJSONLegacy
		p.AcceptNegotiation = major == 23 && minor >= 17
		p.VMMigratedMessage = true
		p.APIMajor, p.APIMinor, p.ProductVersion = 2, 21, "8.3.0"
	default:
		p.JSONRPC, p.RRDJSON, p.AcceptNegotiation, p.VMMigratedMessage = true, rrdJSONStrings, true, true
		p.APIMajor, p.APIMinor, p.ProductVersion = 2, 21, "8.3.0"
	}
	p.Digits = 5
	if major >= 26 || (major == 25 && minor >= 3) {
		p.Digits = 15
	}
	return p, nil
}
