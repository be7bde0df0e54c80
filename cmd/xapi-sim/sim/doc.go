// Package sim is a simulated XenServer / XCP-ng pool: it answers XAPI calls
// (JSON-RPC at /jsonrpc, XML-RPC at /), serves /rrd_updates, /host_rrd and
// /vm_rrd like xcp-rrdd, runs the Exchange scenarios (scalability, XenMotion,
// HA) on a deterministic, seeded and time-compressible clock, writes the
// Exchange perfmon and Load Generator files, and injects faults on demand.
//
// Every wire format is modelled on the public xapi sources; each file cites
// the repository path it follows (xapi-project/xen-api unless stated).
//
// Tests in other packages start it with Start(Options{...}) and drive time
// with a ManualClock.
package sim
