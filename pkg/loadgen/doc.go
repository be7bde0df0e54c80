// Package loadgen reads load-test results: one row per run x server x task
// with count, average and 95th-percentile latency.
//
// What Exchange Load Generator (LoadGen) 2007/2010 itself leaves behind could
// not be established as a file format from public material: Microsoft's
// TechNet pages ("Using System Monitor and Exchange Load Generator Data",
// bb508871(v=exchg.80); the LoadGen FAQ bb508898(v=exchg.80)) point to
// LoadGen.log and the Windows event log for errors, and to LoadGen's own
// performance counters (object "Exchange Load Generator Engine": Task
// Interval, Task Completed/sec, Task Dispatched/sec) for rates. No public
// source documents the layout of LoadGen.log or a per-task latency export, so
// this package does not guess one. LoadGen's counters, when logged with
// perfmon, are read by package perfmon like any other counter.
//
// Instead it reads the documented simple format that any load tool can
// produce (the xenbench simulator writes both variants):
//
//	<run_id>.csv            summary: run_id,workload,server,task,start,end,count,avg_ms,p95_ms
//	<run_id>.latencies.csv  raw:     run_id,workload,server,task,time,latency_ms
//	<run_id>.json           summary rows as a JSON array of objects with the
//	                        summary column names as keys
//
// Encodings are those Windows tools write (testdata/windows/README.md): UTF-8
// with or without a BOM, UTF-16 and UTF-32 with a BOM (Windows PowerShell's
// Out-File and -Encoding Unicode/UTF32), and ANSI text (Windows-1252) where it
// is not valid UTF-8; a "#TYPE ..." first line (Export-Csv without
// -NoTypeInformation) is skipped, and a JSON file holding one object instead of
// an array (ConvertTo-Json of one row) is one row.
// Comma-separated, any quoting, CRLF or LF, header line required, columns
// in any order, names case-insensitive, an optional "platform" column
// (native|virtual) overriding platform resolution. Times are RFC 3339. For
// raw latencies the reader computes count, mean and the exact 95th
// percentile by the nearest-rank method: the ceil(0.95*n)-th smallest value
// (so it is always one of the measured latencies, never interpolated).
package loadgen
