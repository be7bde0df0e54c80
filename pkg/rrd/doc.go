// Package rrd decodes the round-robin-database payloads that XenServer and
// XCP-ng hosts serve over HTTP: rrd_updates deltas (/rrd_updates) in all three
// wire formats real hosts send. (Full RRD dumps, /host_rrd and /vm_rrd, are not
// read: every query is answered from rrd_updates. The simulator still serves
// them, written by package rrdgen.)
//
// The parsers are hand-written byte scanners over a fixed-size read buffer:
// no DOM, no encoding/xml, no encoding/json into interface{}. A payload of
// any size is read once, in order, with a handful of allocations per payload
// and none per row on the streaming path (StreamUpdates).
//
// Wire formats, as produced by xapi (xapi-project/xen-api):
//   - XML: ocaml/libs/xapi-rrd/lib/rrd_updates.ml xml_of, through Xmlm
//     after a `Dtd None signal
//     (an XML declaration is accepted, not required; unverified whether
//     Xmlm writes empty elements as <x/>, so both forms are read).
//   - Old JSON-like text (xapi before 23.31): xapi-project/xcp-rrd
//     lib/rrd_updates.ml json_of_t, built with Printf: bare keys
//     ({meta: {start:..,legend:["..."]},data:[{t:..,values:[..]}]}), bare
//     numbers and bare NaN/Infinity/-Infinity. Xen Orchestra reads it with
//     JSON5.parse (vatesfr/xen-orchestra packages/xo-server/src/xapi-stats.mjs).
//   - Strict JSON (xapi 23.31 and later): rrd_updates.ml json_of_t through
//     rrd.ml module Json and Yojson, where every number is a JSON string.
//     One master-only build nested "data" inside "meta"
//     (xapi-project/xen-api PR #5456); it is accepted.
//
// Every value is printed by rrd_utils.ml f_to_s: "%0.5g" (five significant
// digits), "NaN", "Infinity", "-Infinity" and "0.0" for zero.
package rrd
