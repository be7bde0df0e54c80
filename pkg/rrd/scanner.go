package rrd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

const (
	// readBufferSize is the initial read buffer; big enough that most tokens
	// are found without refilling, small enough to stay in L2.
	readBufferSize = 64 << 10
	// maxTokenSize bounds one token (a legend entry, a number, a tag): a
	// payload with a longer one is rejected instead of growing the buffer
	// without limit.
	maxTokenSize = 1 << 20
	// maxReadRetries bounds consecutive (0, nil) reads from a misbehaving reader.
	maxReadRetries = 100
)

// scanner is a forward-only byte reader over an io.Reader with a sliding
// buffer. Slices it returns point into the buffer and are valid only until
// the next call that may read (fill, ensure, any skip*/until*).
type scanner struct {
	r       io.Reader
	buf     []byte
	pos     int   // next unread byte in buf
	end     int   // end of valid data in buf
	base    int64 // stream offset of buf[0]
	eof     bool
	failed  error // read error or too-long token; sticky
	format  Format
	scratch []byte // reusable copy space for slow paths
	tagName []byte // name of the last tag read (XML)
}

// bufferPool recycles read buffers: a 5-second delta is often smaller than
// the buffer, so allocating one per request would dominate small parses.
var bufferPool = sync.Pool{New: func() any { return new([readBufferSize]byte) }}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: bufferPool.Get().(*[readBufferSize]byte)[:]}
}

// release returns the read buffer to the pool. Nothing the parsers hand out
// points into it (legends, names and values are copied), so it is safe once
// parsing is over. Grown buffers are left to the garbage collector.
func (s *scanner) release() {
	if len(s.buf) == readBufferSize {
		bufferPool.Put((*[readBufferSize]byte)(s.buf))
	}
	s.buf = nil
}

func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// fill reads more input, keeping buf[pos:end]. It reports whether at least
// one new byte arrived.
func (s *scanner) fill() bool {
	if s.eof || s.failed != nil {
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTokenSize {
			s.failed = &SyntaxError{Format: s.format, Offset: s.offset(),
				Msg: fmt.Sprintf("a single token is longer than %d bytes; the payload is not an RRD", maxTokenSize)}
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range maxReadRetries {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			if errors.Is(err, io.EOF) {
				s.eof = true
			} else {
				s.failed = fmt.Errorf("rrd: reading %s payload at byte %d: %w", s.format, s.base+int64(s.end), err)
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.failed = fmt.Errorf("rrd: reading %s payload at byte %d: %w", s.format, s.base+int64(s.end), io.ErrNoProgress)
	return false
}

// ensure makes at least n unread bytes available unless input ends first.
func (s *scanner) ensure(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

// errf builds a SyntaxError at the current offset.
func (s *scanner) errf(format string, args ...any) error {
	return &SyntaxError{Format: s.format, Offset: s.offset(), Msg: fmt.Sprintf(format, args...)}
}

// wrapf builds a SyntaxError at the current offset wrapping a sentinel error.
func (s *scanner) wrapf(sentinel error, format string, args ...any) error {
	return &SyntaxError{Format: s.format, Offset: s.offset(), Msg: fmt.Sprintf(format, args...), Err: sentinel}
}

// endErr explains why input stopped while `what` was expected: a read
// failure, a too-long token, or plain truncation.
func (s *scanner) endErr(what string) error {
	if s.failed != nil {
		return s.failed
	}
	return &SyntaxError{Format: s.format, Offset: s.base + int64(s.end),
		Msg: "payload ended while reading " + what + " (truncated response or size limit reached?)", Err: ErrTruncated}
}

// skipSpace skips ASCII whitespace; it reports false at end of input.
func (s *scanner) skipSpace() bool {
	for {
		for s.pos < s.end {
			if !isSpace(s.buf[s.pos]) {
				return true
			}
			s.pos++
		}
		if !s.fill() {
			return false
		}
	}
}

// indexByte returns the distance from pos to the next c, reading as needed;
// -1 at end of input.
func (s *scanner) indexByte(c byte) int {
	from := 0
	for {
		if i := bytes.IndexByte(s.buf[s.pos+from:s.end], c); i >= 0 {
			return from + i
		}
		from = s.end - s.pos
		if !s.fill() {
			return -1
		}
	}
}

// indexString returns the distance from pos to the next occurrence of sep;
// -1 at end of input.
func (s *scanner) indexString(sep string) int {
	from := 0
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], []byte(sep)); i >= 0 {
			return from + i
		}
		// keep len(sep)-1 bytes that could start a match across the refill
		from = max(0, s.end-s.pos-len(sep)+1)
		if !s.fill() {
			return -1
		}
	}
}

// hasPrefix reports whether the unread input starts with p, reading as needed.
func (s *scanner) hasPrefix(p string) bool {
	if !s.ensure(len(p)) {
		return false
	}
	return string(s.buf[s.pos:s.pos+len(p)]) == p
}

// atEnd skips trailing whitespace and reports an error if anything else
// follows the root element or object.
func (s *scanner) atEnd() error {
	if s.skipSpace() {
		return s.errf("unexpected %q after the end of the document", printablePrefix(s.buf[s.pos:s.end]))
	}
	if s.failed != nil {
		return s.failed
	}
	return nil
}

// skipBOM drops a UTF-8 byte-order mark.
func (s *scanner) skipBOM() {
	if s.hasPrefix("\xEF\xBB\xBF") {
		s.pos += 3
	}
}

// sniff detects the payload format from the buffered prefix.
func (s *scanner) sniff() (Format, error) {
	for {
		f, err := DetectFormat(s.buf[s.pos:s.end])
		if err == nil {
			s.format = f
			return f, nil
		}
		if !errors.Is(err, errNeedMore) || s.end-s.pos >= 4096 {
			return FormatUnknown, err
		}
		if !s.fill() {
			if s.failed != nil {
				return FormatUnknown, s.failed
			}
			if s.end == s.pos {
				return FormatUnknown, &SyntaxError{Offset: s.offset(), Msg: "empty payload", Err: ErrTruncated}
			}
			return FormatUnknown, &SyntaxError{Offset: s.base + int64(s.end), Msg: "payload ended before its format could be detected", Err: ErrTruncated}
		}
	}
}
