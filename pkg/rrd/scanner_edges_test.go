package rrd

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadErrorNamesTheByte: a connection that fails mid-payload gives the reader's
// error, wrapped, with the stream offset where it happened.
func TestReadErrorNamesTheByte(t *testing.T) {
	errReset := errors.New("connection reset by peer")
	in := io.MultiReader(strings.NewReader(`{"meta":{"s`), iotest.ErrReader(errReset))
	_, err := ParseUpdates(in)
	if !errors.Is(err, errReset) || !strings.Contains(err.Error(), "at byte 11") {
		t.Fatalf("err = %v, want the reader's error at byte 11", err)
	}
}

// TestTokenLimitIsTheBufferLimit: one token may fill the read buffer up to maxTokenSize;
// the buffer grows from 64 KiB for it, and a token longer than maxTokenSize is refused
// even when it would fit the next doubling of the buffer.
func TestTokenLimitIsTheBufferLimit(t *testing.T) {
	xml := func(metric string) string {
		return `<xport><meta><start>1</start><step>5</step><end>2</end><rows>0</rows><columns>1</columns><legend><entry>AVERAGE:host:h:` +
			metric + `</entry></legend></meta><data></data></xport>`
	}
	long := strings.Repeat("m", 100<<10) // beyond the first 64 KiB buffer
	u, err := ParseUpdates(strings.NewReader(xml(long)))
	if err != nil || len(u.Legends) != 1 || u.Legends[0].Metric != long {
		t.Fatalf("a 100 KiB metric name: err = %v", err)
	}
	_, err = ParseUpdates(strings.NewReader(xml(strings.Repeat("m", maxTokenSize+maxTokenSize/2))))
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("a 1.5 MiB metric name: err = %v, want a too-long error", err)
	}
}

// TestCutInsideAStringAfterLeadingSpace: a payload cut inside a string is truncated,
// also when it starts with a line break (as some proxies and pretty-printers send it).
func TestCutInsideAStringAfterLeadingSpace(t *testing.T) {
	for _, in := range []string{"\n{\"meta\":{\"legend\":[\"AVERAGE:ho", "\t{meta:{legend:['AVERAGE:ho"} {
		if _, err := ParseUpdates(strings.NewReader(in)); !errors.Is(err, ErrTruncated) {
			t.Errorf("%q: err = %v, want ErrTruncated", in, err)
		}
	}
}
