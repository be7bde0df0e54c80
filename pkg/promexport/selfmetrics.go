package promexport

import (
	"github.com/prometheus/client_golang/prometheus"
)

// The exporter's own families: health of each target, the queue, samples sent and
// dropped, errors by cause. Listed in selfFamilies for the README table.
var selfFamilies = []Family{
	{Name: "xenbench_exporter_last_success_timestamp_seconds", Type: "gauge", Labels: []string{"target"}, Help: "Unix time of the last successful read (pool, exchange) or send (remote_write)", Source: "exporter"},
	{Name: "xenbench_exporter_samples_sent_total", Type: "counter", Help: "Samples accepted by the remote-write receiver", Source: "exporter"},
	{Name: "xenbench_exporter_samples_dropped_total", Type: "counter", Labels: []string{"reason"}, Help: "Samples given up: rejected (4xx from the receiver), retry_timeout (receiver down longer than --remote-write-retry-for), too_old (older than --max-sample-age, not sent)", Source: "exporter"},
	{Name: "xenbench_exporter_samples_deferred_total", Type: "counter", Help: "Samples left in XAPI's archives because the queue was full; read again later (coarser if the gap outgrows the 5-second archive)", Source: "exporter"},
	{Name: "xenbench_exporter_errors_total", Type: "counter", Labels: []string{"target", "cause"}, Help: "Failed reads and sends by target (pool, host, exchange, remote_write) and cause", Source: "exporter"},
	{Name: "xenbench_exporter_queue_samples", Type: "gauge", Help: "Samples waiting to be sent", Source: "exporter"},
	{Name: "xenbench_exporter_queue_capacity_samples", Type: "gauge", Help: "Bound of the remote-write queue", Source: "exporter"},
	{Name: "xenbench_exporter_series", Type: "gauge", Help: "Series in the latest-value table served on /metrics", Source: "exporter"},
	{Name: "xenbench_exporter_refresh_duration_seconds", Type: "gauge", Help: "Duration of the last refresh (every host and the log folder)", Source: "exporter"},
	{Name: "xenbench_exporter_refresh_samples", Type: "gauge", Help: "Samples read by the last refresh", Source: "exporter"},
}

type selfMetrics struct {
	lastSuccess *prometheus.GaugeVec
	sent        prometheus.Counter
	dropped     *prometheus.CounterVec
	deferred    prometheus.Counter
	errors      *prometheus.CounterVec
	queue       prometheus.Gauge
	queueCap    prometheus.Gauge
	series      prometheus.Gauge
	refresh     prometheus.Gauge
	refreshN    prometheus.Gauge
}

func newSelfMetrics(reg prometheus.Registerer) *selfMetrics {
	help := map[string]string{}
	for _, f := range selfFamilies {
		help[f.Name] = f.Help
	}
	g := func(name string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help[name]})
	}
	m := &selfMetrics{
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "xenbench_exporter_last_success_timestamp_seconds", Help: help["xenbench_exporter_last_success_timestamp_seconds"]}, []string{"target"}),
		sent:        prometheus.NewCounter(prometheus.CounterOpts{Name: "xenbench_exporter_samples_sent_total", Help: help["xenbench_exporter_samples_sent_total"]}),
		dropped:     prometheus.NewCounterVec(prometheus.CounterOpts{Name: "xenbench_exporter_samples_dropped_total", Help: help["xenbench_exporter_samples_dropped_total"]}, []string{"reason"}),
		deferred:    prometheus.NewCounter(prometheus.CounterOpts{Name: "xenbench_exporter_samples_deferred_total", Help: help["xenbench_exporter_samples_deferred_total"]}),
		errors:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "xenbench_exporter_errors_total", Help: help["xenbench_exporter_errors_total"]}, []string{"target", "cause"}),
		queue:       g("xenbench_exporter_queue_samples"),
		queueCap:    g("xenbench_exporter_queue_capacity_samples"),
		series:      g("xenbench_exporter_series"),
		refresh:     g("xenbench_exporter_refresh_duration_seconds"),
		refreshN:    g("xenbench_exporter_refresh_samples"),
	}
	// Present from the start, so a dashboard shows 0 rather than nothing.
	m.dropped.WithLabelValues("rejected")
	m.dropped.WithLabelValues("retry_timeout")
	m.dropped.WithLabelValues("too_old")
	reg.MustRegister(m.lastSuccess, m.sent, m.dropped, m.deferred, m.errors, m.queue, m.queueCap, m.series, m.refresh, m.refreshN)
	return m
}
