// Package perfmon reads Windows performance counter logs in the PDH text
// formats (CSV and TSV) that perfmon, logman, relog and typeperf write, and
// serves them as labelled series.
//
// Format, as established from public sources:
//   - First line: a quoted banner "(PDH-CSV 4.0) (<time zone name>)(<bias>)"
//     followed by one quoted full counter path per column. The banner strings
//     "(PDH-CSV 4.0)" and "(PDH-TSV 4.0)" are those of pdh.dll's log.c
//     (szCsvLogFileHeader / szTsvLogFileHeader, a public copy of the Windows
//     source), which also reads the type as 8-bit (ANSI) text.
//   - typeperf writing to stdout prints "(PDH-CSV 4.0)" with no time zone,
//     after a blank first line, and ends with "Exiting, please wait..." and
//     "The command completed successfully." (typeperf's own output).
//   - Data rows: the collector's local time "MM/dd/yyyy HH:mm:ss.fff" then one
//     quoted value per counter; " " (or "") is a missing sample (PAL's
//     PAL.ps1 FillNullsWithDashesAndIsAllNull treats ' ' as no value).
//   - The bias is the Windows TIME_ZONE_INFORMATION bias: minutes to ADD to
//     local time to get UTC ("UTC = local time + bias", Microsoft Learn,
//     ReportService2010 TimeZoneInformation.Bias; Outlook TimeZone.Bias gives
//     480 for Pacific time). So "(Eastern Standard Time)(300)" means UTC-5 and
//     "(W. Europe Standard Time)(-60)" means UTC+1. The bias is applied to the
//     whole file: a log spanning a daylight-saving change is off by the
//     change after it, as it is in perfmon itself.
//   - Counter paths: \\MACHINE\Object(Parent/Instance#Index)\Counter (typeperf
//     documentation on Microsoft Learn; PDH path syntax).
//
// Lines end in CRLF or LF. A UTF-8 byte order mark is skipped; UTF-16 and
// UTF-32 files (with a byte order mark, as PowerShell writes them) are
// transcoded (package textenc). A header that is not valid UTF-8 is
// read as Latin-1 (ANSI code page text), so names stay stable and printable.
// Fields never span lines: PDH never writes line breaks inside a counter path
// or value, and this lets a growing file's last partial line be held back.
package perfmon
