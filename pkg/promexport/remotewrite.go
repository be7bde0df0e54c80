package promexport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/compress/snappy"
	"google.golang.org/protobuf/encoding/protowire"
)

// encodeWriteRequest appends a Prometheus remote-write 1.0 WriteRequest
// (prometheus/prometheus prompb/remote.proto and types.proto) to buf:
//
//	WriteRequest { repeated TimeSeries timeseries = 1; }
//	TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
//	Label        { string name = 1; string value = 2; }
//	Sample       { double value = 1; int64 timestamp = 2; }
//
// Hand-encoded with protowire: the generated prompb package pulls in gogo/protobuf and
// much of Prometheus for four small messages. Samples of one series are grouped, in
// time order, as the receiver appends them in order.
func encodeWriteRequest(buf []byte, samples []Sample) []byte {
	order := make([]*Series, 0, 64)
	bySeries := map[*Series][]Sample{}
	for _, s := range samples {
		if _, ok := bySeries[s.S]; !ok {
			order = append(order, s.S)
		}
		bySeries[s.S] = append(bySeries[s.S], s)
	}
	var ts []byte
	for _, ser := range order {
		ts = ts[:0]
		for _, l := range ser.Labels {
			var lb []byte
			lb = protowire.AppendTag(lb, 1, protowire.BytesType)
			lb = protowire.AppendString(lb, l.Name)
			lb = protowire.AppendTag(lb, 2, protowire.BytesType)
			lb = protowire.AppendString(lb, l.Value)
			ts = protowire.AppendTag(ts, 1, protowire.BytesType)
			ts = protowire.AppendBytes(ts, lb)
		}
		ss := bySeries[ser]
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].T < ss[j].T })
		for _, s := range ss {
			var sb []byte
			sb = protowire.AppendTag(sb, 1, protowire.Fixed64Type)
			sb = protowire.AppendFixed64(sb, math.Float64bits(s.V))
			sb = protowire.AppendTag(sb, 2, protowire.VarintType)
			sb = protowire.AppendVarint(sb, uint64(s.T))
			ts = protowire.AppendTag(ts, 2, protowire.BytesType)
			ts = protowire.AppendBytes(ts, sb)
		}
		buf = protowire.AppendTag(buf, 1, protowire.BytesType)
		buf = protowire.AppendBytes(buf, ts)
	}
	return buf
}

// RemoteWriteConfig is where and how samples are pushed.
type RemoteWriteConfig struct {
	// URL of the receiver, e.g. http://prometheus:9090/api/v1/write (Prometheus started
	// with --web.enable-remote-write-receiver), Mimir's /api/v1/push.
	URL string
	// Client sends the requests; its Timeout bounds each one.
	Client *http.Client
	// BearerToken, when set, goes into the Authorization header (never logged).
	BearerToken string
	// MaxSamplesPerSend bounds one request (default 5,000).
	MaxSamplesPerSend int
	// Shards is how many requests may be in flight at once (default 4); a series always
	// goes through the same one, so its samples arrive in order.
	Shards int
	// MaxQueueSamples bounds the samples held for sending (default 2,000,000, about
	// 50 MB). When the queue is full, hosts' rows are left in XAPI (their cursors do
	// not move) and read again later.
	MaxQueueSamples int
	// RetryFor is how long one request is retried before its samples are dropped
	// (default 15 minutes).
	RetryFor time.Duration
}

func (c *RemoteWriteConfig) withDefaults() RemoteWriteConfig {
	out := *c
	if out.MaxSamplesPerSend <= 0 {
		out.MaxSamplesPerSend = 5000
	}
	if out.Shards <= 0 {
		out.Shards = 4
	}
	if out.MaxQueueSamples <= 0 {
		out.MaxQueueSamples = 2_000_000
	}
	if out.RetryFor <= 0 {
		out.RetryFor = 15 * time.Minute
	}
	if out.Client == nil {
		out.Client = &http.Client{Timeout: 30 * time.Second}
	}
	return out
}

// errRejected is a 4xx answer other than 429: sending the same samples again would
// be refused again (out of order, out of bounds, bad labels).
var errRejected = errors.New("remote write rejected")

// send posts one snappy-compressed WriteRequest.
func (c *RemoteWriteConfig) send(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("Content-Encoding", "snappy")
	req.Header.Set("X-Prometheus-Remote-Write-Version", "0.1.0")
	req.Header.Set("User-Agent", "xenbench-exporter")
	if c.BearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+c.BearerToken)
	}
	resp, err := c.Client.Do(req)
	if err != nil {
		// The URL may carry user:password; url.Error prints it redacted, but say only
		// the cause.
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) && ue.Unwrap() != nil {
			err = ue.Unwrap()
		}
		return fmt.Errorf("remote write: %w", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	text := strings.TrimSpace(string(msg))
	if resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusTooManyRequests {
		return fmt.Errorf("%w: HTTP %d: %s", errRejected, resp.StatusCode, text)
	}
	return fmt.Errorf("remote write: HTTP %d: %s", resp.StatusCode, text)
}

// compress returns the snappy block encoding remote write uses.
func compress(dst, src []byte) []byte { return snappy.Encode(dst[:cap(dst)], src) }
