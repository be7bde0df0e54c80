package perfmon

import "strings"

// Unit returns the Grafana unit id for a counter name.
//
// Values are never rescaled: perfmon's own unit is kept and declared, and
// Grafana's formatters scale on display (0.012 with unit "s" shows as
// "12 ms"). Keeping raw values means the thresholds in pkg/thresholds can be
// copied from PAL and TechNet in the unit those sources use (disk latency in
// seconds, RPC latency in milliseconds) without a conversion step that could
// drift between Go, the panel and the alert rules.
//
// Sources for the native units: PAL threshold files compare
// "Avg. Disk sec/Read" with 0.020 (seconds) and "RPC Averaged Latency" with
// 50 (milliseconds), as pkg/thresholds/catalog.json records with its sources.
func Unit(counter string) string {
	c := strings.ToLower(strings.TrimSpace(counter))
	if u, ok := unitByCounter[c]; ok {
		return u
	}
	switch {
	case strings.HasPrefix(c, "%"):
		return "percent"
	case strings.HasPrefix(c, "avg. disk sec/"):
		return "s"
	case strings.Contains(c, "latency") && (strings.Contains(c, "msec") || strings.HasPrefix(c, "rpc ") || strings.Contains(c, "i/o ") || strings.HasPrefix(c, "io ")):
		return "ms"
	case strings.HasSuffix(c, "/sec") && strings.Contains(c, "bytes"):
		return "Bps"
	case strings.HasSuffix(c, "/sec"):
		return "ops"
	}
	return "short"
}

// unitByCounter holds the counters whose unit the suffix rules would get
// wrong or that the Exchange dashboards rely on. Keys are lower case.
var unitByCounter = map[string]string{
	"avg. disk sec/read":              "s",
	"avg. disk sec/write":             "s",
	"avg. disk sec/transfer":          "s",
	"disk transfers/sec":              "iops",
	"disk reads/sec":                  "iops",
	"disk writes/sec":                 "iops",
	"rpc averaged latency":            "ms",
	"rpc average latency":             "ms",
	"rpc latency average (msec)":      "ms",
	"rpc operations/sec":              "ops",
	"rpc requests":                    "short",
	"available bytes":                 "decbytes",
	"available kbytes":                "deckbytes",
	"available mbytes":                "decmbytes",
	"committed bytes":                 "decbytes",
	"free megabytes":                  "decmbytes",
	"avg. disk queue length":          "short",
	"current disk queue length":       "short",
	"processor queue length":          "short",
	"log generation checkpoint depth": "short",
}
