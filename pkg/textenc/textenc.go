// Package textenc reads the text encodings Windows tools write: 8-bit text (UTF-8 or an
// ANSI code page) with or without a UTF-8 byte order mark, and UTF-16 or UTF-32 in
// either byte order with a byte order mark. Windows PowerShell 5.1 writes a BOM for
// every Unicode encoding it offers (UTF-7 aside), Out-File and ">" default to UTF-16 LE,
// Export-Csv to ASCII; PowerShell 7 defaults to UTF-8 without a BOM; Excel's "CSV UTF-8"
// writes a UTF-8 BOM; relog, typeperf and logman write 8-bit text (see
// pkg/loadgen/testdata/windows/README.md for the sources).
package textenc

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encoding of a file, detected from its byte order mark.
type Encoding string

const (
	UTF8    Encoding = "utf-8" // or ANSI code page text, with or without BOM
	UTF16LE Encoding = "utf-16le"
	UTF16BE Encoding = "utf-16be"
	UTF32LE Encoding = "utf-32le"
	UTF32BE Encoding = "utf-32be"
)

// ErrTruncated is returned when a UTF-16 or UTF-32 file ends inside a character.
var ErrTruncated = errors.New("file ends in the middle of a character")

// NewReader consumes a byte order mark, if any, and returns a reader of UTF-8 text, the
// encoding and the number of raw bytes consumed. Without a BOM the bytes are passed
// through unchanged (br itself is returned), so 8-bit text keeps its file offsets.
func NewReader(br *bufio.Reader) (io.Reader, Encoding, int, error) {
	b, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", 0, err
	}
	// UTF-32 LE's mark starts with UTF-16 LE's, so it is tested first.
	switch {
	case len(b) >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0:
		br.Discard(4)
		return &transcoder{src: br, width: 4, order: binary.LittleEndian, name: UTF32LE}, UTF32LE, 4, nil
	case len(b) >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF:
		br.Discard(4)
		return &transcoder{src: br, width: 4, order: binary.BigEndian, name: UTF32BE}, UTF32BE, 4, nil
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		br.Discard(3)
		return br, UTF8, 3, nil
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		br.Discard(2)
		return &transcoder{src: br, width: 2, order: binary.LittleEndian, name: UTF16LE}, UTF16LE, 2, nil
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		br.Discard(2)
		return &transcoder{src: br, width: 2, order: binary.BigEndian, name: UTF16BE}, UTF16BE, 2, nil
	}
	return br, UTF8, 0, nil
}

// Text returns b as a string: UTF-8 as it is, anything else as Windows-1252, the ANSI
// code page of English and Western European Windows, which relog, typeperf, logman,
// Excel's plain "CSV" and PowerShell's -Encoding Default write. Its letters agree with
// Latin-1; 0x80-0x9F are its own (0x96 is an en dash, 0x80 the euro sign).
func Text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil { // cannot happen: every byte decodes (undefined ones to U+FFFD)
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// String is Text for a string: s itself when it is valid UTF-8 (no copy).
func String(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return Text([]byte(s))
}

// chunk is how many code units one fill decodes at most.
const chunk = 2048

// transcoder turns UTF-16 or UTF-32 into UTF-8 as a stream. Unpaired surrogates and
// values beyond U+10FFFF become U+FFFD; a trailing partial unit is ErrTruncated.
type transcoder struct {
	src     *bufio.Reader
	width   int // bytes per code unit: 2 or 4
	order   binary.ByteOrder
	name    Encoding
	out     []byte
	err     error
	pending []uint16 // a UTF-16 high surrogate held for its pair from the next chunk
}

func (t *transcoder) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		t.fill()
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

func (t *transcoder) fill() {
	var units [chunk]uint32
	n := 0
	for _, u := range t.pending {
		units[n] = uint32(u)
		n++
	}
	t.pending = t.pending[:0]
	var raw [4]byte
	for n < len(units) {
		if _, err := io.ReadFull(t.src, raw[:t.width]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				t.err = &truncatedError{enc: t.name}
			} else {
				t.err = err
			}
			break
		}
		if t.width == 2 {
			units[n] = uint32(t.order.Uint16(raw[:2]))
		} else {
			units[n] = t.order.Uint32(raw[:4])
		}
		n++
		if t.src.Buffered() == 0 && !(t.width == 2 && isHighSurrogate(units[n-1])) {
			break // do not block for more input than is available (growing files)
		}
	}
	buf := t.out[:0]
	if t.width == 4 {
		for _, u := range units[:n] {
			r := rune(u)
			if u > utf8.MaxRune || !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
			buf = utf8.AppendRune(buf, r)
		}
		t.out = buf
		return
	}
	// A high surrogate at the end of a full chunk waits for its pair, so a character
	// split across chunks is not turned into U+FFFD.
	if t.err == nil && n > 0 && isHighSurrogate(units[n-1]) {
		t.pending = append(t.pending, uint16(units[n-1]))
		n--
	}
	var u16 [chunk]uint16
	for i, u := range units[:n] {
		u16[i] = uint16(u)
	}
	for _, r := range utf16.Decode(u16[:n]) {
		buf = utf8.AppendRune(buf, r)
	}
	t.out = buf
}

func isHighSurrogate(u uint32) bool { return u >= 0xD800 && u < 0xDC00 }

// truncatedError names the encoding of a file that ends inside a character.
type truncatedError struct{ enc Encoding }

func (e *truncatedError) Error() string {
	return strings.ToUpper(string(e.enc)) + " file ends in the middle of a character"
}
func (e *truncatedError) Unwrap() error { return ErrTruncated }

// Encode writes s in enc with its byte order mark, the way .NET's encodings (and so
// PowerShell and Excel) write a file. UTF8 with bom false is plain UTF-8. It exists for
// the fixture generators and round-trip tests of the readers.
func Encode(enc Encoding, s string, bom bool) []byte {
	var out []byte
	switch enc {
	case UTF8:
		if bom {
			out = append(out, 0xEF, 0xBB, 0xBF)
		}
		return append(out, s...)
	case UTF16LE, UTF16BE:
		var order binary.AppendByteOrder = binary.LittleEndian
		if enc == UTF16BE {
			order = binary.BigEndian
		}
		if bom {
			out = order.AppendUint16(out, 0xFEFF)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			out = order.AppendUint16(out, u)
		}
		return out
	case UTF32LE, UTF32BE:
		var order binary.AppendByteOrder = binary.LittleEndian
		if enc == UTF32BE {
			order = binary.BigEndian
		}
		if bom {
			out = order.AppendUint32(out, 0xFEFF)
		}
		for _, r := range s {
			out = order.AppendUint32(out, uint32(r))
		}
		return out
	}
	panic("textenc: unknown encoding " + string(enc))
}

// ANSI writes s as Windows-1252 (ascii false) or ASCII (ascii true), with '?' for
// what the code page cannot hold, as .NET's encoders (and so PowerShell's -Encoding
// Default and ASCII) replace it.
func ANSI(s string, ascii bool) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, ok := charmap.Windows1252.EncodeRune(r)
		if !ok || ascii && r >= 0x80 {
			b = '?'
		}
		out = append(out, b)
	}
	return out
}
