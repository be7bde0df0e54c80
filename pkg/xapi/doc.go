// Package xapi is a small client for the XenServer / XCP-ng management API (XAPI).
//
// It speaks JSON-RPC at POST /jsonrpc (xapi-project/xen-api doc/content/xen-api/wire-protocol.md)
// and falls back to XML-RPC at POST / for hosts that predate JSON-RPC (XenServer 5.x/6.x;
// the same fallback as vatesfr/xen-orchestra packages/xen-api/transports/auto.mjs).
// It also fetches /rrd_updates from any host of the pool and hands the body to pkg/rrd.
//
// One Client is shared by everything a datasource instance does: it logs in once,
// reuses the session, re-logs in once on SESSION_INVALID, follows HOST_IS_SLAVE to the
// pool master and, when the master stops answering (HA promoted another host), tries the
// other known hosts. It knows nothing about Grafana frames or queries; it only decides
// which failures are downstream (the pool's or the user's) and says how to fix them.
//
// Secrets: the password and the session reference never appear in an error or a log
// line produced here (errors are scrubbed before they leave the package).
package xapi
