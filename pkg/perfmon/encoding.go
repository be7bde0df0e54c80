package perfmon

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding of a log file, detected from its byte order mark.
type Encoding string

const (
	EncodingUTF8    Encoding = "utf-8" // or ANSI code page text, with or without BOM
	EncodingUTF16LE Encoding = "utf-16le"
	EncodingUTF16BE Encoding = "utf-16be"
)

// detectEncoding consumes a byte order mark, if any, and returns a reader of
// UTF-8 text plus the number of raw bytes consumed. PDH itself writes 8-bit
// text, but files re-saved by editors or PowerShell's Out-File (UTF-16 LE by
// default in Windows PowerShell) arrive with a BOM.
func detectEncoding(br *bufio.Reader) (io.Reader, Encoding, int, error) {
	b, err := br.Peek(3)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", 0, err
	}
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		br.Discard(3)
		return br, EncodingUTF8, 3, nil
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		br.Discard(2)
		return &utf16Reader{src: br, order: binary.LittleEndian}, EncodingUTF16LE, 2, nil
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		br.Discard(2)
		return &utf16Reader{src: br, order: binary.BigEndian}, EncodingUTF16BE, 2, nil
	}
	return br, EncodingUTF8, 0, nil
}

// utf16Reader transcodes UTF-16 to UTF-8 as a stream. Unpaired surrogates
// become U+FFFD; an odd trailing byte is an error.
type utf16Reader struct {
	src     *bufio.Reader
	order   binary.ByteOrder
	out     []byte
	err     error
	pending []uint16 // a high surrogate held for its pair from the next chunk
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) fill() {
	var units [2048]uint16
	n := copy(units[:], u.pending)
	u.pending = u.pending[:0]
	var raw [2]byte
	for n < len(units) {
		if _, err := io.ReadFull(u.src, raw[:]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				u.err = errors.New("UTF-16 file ends in the middle of a character")
			} else {
				u.err = err
			}
			break
		}
		units[n] = u.order.Uint16(raw[:])
		n++
		if u.src.Buffered() == 0 && !isHighSurrogate(units[n-1]) {
			break // do not block for more input than is available
		}
	}
	// A high surrogate at the end of a full chunk waits for its pair, so
	// a character split across chunks is not turned into U+FFFD.
	if u.err == nil && n > 0 && isHighSurrogate(units[n-1]) {
		u.pending = append(u.pending, units[n-1])
		n--
	}
	buf := u.out[:0]
	for _, r := range utf16.Decode(units[:n]) {
		buf = utf8.AppendRune(buf, r)
	}
	u.out = buf
}

func isHighSurrogate(u uint16) bool { return u >= 0xD800 && u < 0xDC00 }
