package perfmon

import (
	"bufio"
	"io"

	"github.com/xenbench/xenbench/pkg/textenc"
)

// Encoding of a log file, detected from its byte order mark.
type Encoding = textenc.Encoding

// The encodings a log can have. PDH itself writes 8-bit text, but files re-saved by
// editors or by PowerShell (Out-File and ">" write UTF-16 LE by default in Windows
// PowerShell; -Encoding UTF32 and BigEndianUnicode exist too) arrive with a BOM.
const (
	EncodingUTF8    = textenc.UTF8 // or ANSI code page text, with or without BOM
	EncodingUTF16LE = textenc.UTF16LE
	EncodingUTF16BE = textenc.UTF16BE
	EncodingUTF32LE = textenc.UTF32LE
	EncodingUTF32BE = textenc.UTF32BE
)

// detectEncoding consumes a byte order mark, if any, and returns a reader of UTF-8 text
// plus the number of raw bytes consumed.
func detectEncoding(br *bufio.Reader) (io.Reader, Encoding, int, error) {
	return textenc.NewReader(br)
}
