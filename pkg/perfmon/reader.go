package perfmon

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// Options tune a Reader. The zero value is usable.
type Options struct {
	// Location converts the times of a log whose banner has no time zone
	// (typeperf's stdout). Nil makes such a log an ErrNoTimeZone error,
	// because guessing UTC would silently shift every sample.
	Location *time.Location
	// HoldPartialLine leaves an unterminated last line unread, for files
	// that are still being written; Offset then points at its start.
	HoldPartialLine bool
	// MaxLineBytes bounds one line (default 16 MiB); longer lines are
	// skipped and counted, so memory stays bounded.
	MaxLineBytes int
}

// maxRowErrors bounds how many skipped-row reasons a Reader keeps.
const maxRowErrors = 10

// RowError says why one line was skipped.
type RowError struct {
	Line   int
	Reason string
}

func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Stats counts what a Reader did.
type Stats struct {
	Rows      int        // data rows returned
	Skipped   int        // malformed rows skipped
	TextLines int        // unquoted text lines ignored (typeperf's trailer)
	Errors    []RowError // the first few skip reasons
}

// Reader streams the rows of one PDH text log. It parses numbers only for the
// selected columns. Not safe for concurrent use.
type Reader struct {
	br            *bufio.Reader
	opts          Options
	hdr           *Header
	sep           byte
	offset        int64 // decoded bytes consumed through the last complete line
	line          int
	long          []byte
	sel           []int // selected columns, ascending, as field indexes (column+1)
	vals          []float64
	tmp           []float64
	t             time.Time
	stats         Stats
	err           error
	done          bool
	partial       int
	completeLines int
	selPos        []int
}

// NewReader reads the encoding mark and the header of a log. Leading blank
// lines (typeperf starts with one) are skipped.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	raw := bufio.NewReaderSize(r, 1<<20)
	src, enc, bom, err := detectEncoding(raw)
	if err != nil {
		return nil, err
	}
	rd := &Reader{opts: opts}
	if src == io.Reader(raw) {
		rd.br = raw
	} else {
		rd.br = bufio.NewReaderSize(src, 1<<20)
	}
	if rd.opts.MaxLineBytes <= 0 {
		rd.opts.MaxLineBytes = 16 << 20
	}
	rd.offset = int64(bom)
	for {
		line, complete, err := rd.readLine()
		if err != nil {
			return nil, err
		}
		if line == nil {
			return nil, fmt.Errorf("%w: no header line; the file is empty, still being created, or not a counter log", ErrEmpty)
		}
		if !complete {
			// The header itself is still being written.
			return nil, fmt.Errorf("%w: the header line is not complete yet", ErrEmpty)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			rd.offset += int64(rd.partial)
			rd.completeLines++
			continue
		}
		sep := byte(',')
		if bytes.HasPrefix(line, []byte(`"(PDH-TSV`)) || bytes.HasPrefix(line, []byte(`(PDH-TSV`)) {
			sep = '\t'
		}
		fields, err := splitFields(line, sep)
		if err != nil {
			return nil, fmt.Errorf("%w: header line %d: %v", ErrBanner, rd.line, err)
		}
		hdr, err := parseHeader(fields)
		if err != nil {
			return nil, err
		}
		if !hdr.HasTimeZone && opts.Location == nil {
			return nil, fmt.Errorf("%w: the banner is %q (typeperf output) and carries no UTC offset; set the collector's time zone in the datasource settings or export with relog, which writes it", ErrNoTimeZone, fields[0])
		}
		hdr.Encoding = enc
		rd.hdr, rd.sep = hdr, sep
		rd.offset += int64(rd.partial)
		rd.completeLines++
		return rd, nil
	}
}

// Resume continues a log from a byte offset at a line boundary, with the
// header read earlier; r must be positioned at offset, and lines is the
// Lines count at that offset (it keeps row numbers in skip reasons right).
// Store uses it for files that grew. Only 8-bit (UTF-8/ANSI) files can be
// resumed: offsets in transcoded UTF-16 text are not file offsets.
func Resume(r io.Reader, hdr *Header, offset int64, lines int, opts Options) (*Reader, error) {
	if hdr.Encoding != EncodingUTF8 && hdr.Encoding != "" {
		return nil, fmt.Errorf("cannot resume a %s log at an offset", hdr.Encoding)
	}
	rd := &Reader{br: bufio.NewReaderSize(r, 1<<20), opts: opts, hdr: hdr, offset: offset, sep: ','}
	if hdr.Format == FormatTSV {
		rd.sep = '\t'
	}
	if rd.opts.MaxLineBytes <= 0 {
		rd.opts.MaxLineBytes = 16 << 20
	}
	rd.completeLines = lines
	return rd, nil
}

// Header returns the parsed header.
func (r *Reader) Header() *Header { return r.hdr }

// Select chooses which columns (indexes into Header.Columns) Values returns,
// in the given order. A column out of range or selected twice is rejected.
func (r *Reader) Select(cols []int) error {
	for _, c := range cols {
		if c < 0 || c >= len(r.hdr.Columns) {
			return fmt.Errorf("column %d out of range (the log has %d)", c, len(r.hdr.Columns))
		}
	}
	order := make([]int, len(cols))
	for i := range cols {
		order[i] = i
	}
	// sel is sorted by column so one left-to-right pass over the line finds
	// every selected field; selPos maps back to the caller's order. That pass
	// takes each field once, so a column selected twice would leave the
	// second position unfilled: reject it.
	sortByCol(order, cols)
	for k := 1; k < len(order); k++ {
		if cols[order[k]] == cols[order[k-1]] {
			return fmt.Errorf("column %d selected twice", cols[order[k]])
		}
	}
	r.sel = r.sel[:0]
	r.vals = make([]float64, len(cols))
	r.tmp = make([]float64, len(cols))
	r.selPos = r.selPos[:0]
	for _, i := range order {
		r.sel = append(r.sel, cols[i]+1)
		r.selPos = append(r.selPos, i)
	}
	return nil
}

// Next advances to the next data row. It returns false at the end of the
// input or on an I/O error (see Err). Malformed rows are skipped and counted.
func (r *Reader) Next() bool {
	for !r.done {
		line, complete, err := r.readLine()
		if err != nil {
			r.err, r.done = err, true
			return false
		}
		if line == nil {
			r.done = true
			return false
		}
		if !complete && r.opts.HoldPartialLine {
			r.done = true // hold it back; offset stays at its start
			return false
		}
		r.offset += int64(r.partial)
		r.completeLines++
		if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
			continue
		}
		if line[0] != '"' && !isDigit(line[0]) {
			r.stats.TextLines++
			continue
		}
		if reason := r.parseRow(line); reason != "" {
			r.skip(reason)
			continue
		}
		r.stats.Rows++
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (r *Reader) skip(reason string) {
	r.stats.Skipped++
	if len(r.stats.Errors) < maxRowErrors {
		r.stats.Errors = append(r.stats.Errors, RowError{Line: r.line, Reason: reason})
	}
}

// Time is the current row's time in UTC.
func (r *Reader) Time() time.Time { return r.t }

// Values are the current row's selected values, NaN for a missing sample.
// The slice is reused by the next call to Next.
func (r *Reader) Values() []float64 { return r.vals }

// Err returns the I/O error that stopped Next, if any.
func (r *Reader) Err() error { return r.err }

// Offset is the number of bytes consumed through the last complete line
// (raw bytes for 8-bit files, including any BOM).
func (r *Reader) Offset() int64 { return r.offset }

// Lines is the number of complete lines consumed (header and blank lines
// included); a held-back partial line is not counted.
func (r *Reader) Lines() int { return r.completeLines }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// readLine returns the next line without its line break; complete is false
// for a last line without one. Lines over MaxLineBytes are skipped here.
// r.partial is set to the line's length in bytes including the break.
func (r *Reader) readLine() (line []byte, complete bool, err error) {
	for {
		r.line = r.completeLines + 1
		data, err := r.br.ReadSlice('\n')
		total := len(data)
		if errors.Is(err, bufio.ErrBufferFull) {
			// The line is longer than the buffer: gather it, but never keep
			// more than MaxLineBytes of it.
			r.long = append(r.long[:0], data...)
			for errors.Is(err, bufio.ErrBufferFull) {
				data, err = r.br.ReadSlice('\n')
				total += len(data)
				if len(r.long) <= r.opts.MaxLineBytes {
					r.long = append(r.long, data...)
				}
			}
			data = r.long
		}
		if len(data) > r.opts.MaxLineBytes {
			if err == nil {
				r.offset += int64(total)
				r.completeLines++
				r.skip(fmt.Sprintf("line longer than %d bytes", r.opts.MaxLineBytes))
				continue
			}
			if errors.Is(err, io.EOF) {
				err = fmt.Errorf("line %d is longer than %d bytes and has no end; the file is not a counter log or is corrupt", r.line, r.opts.MaxLineBytes)
			}
			return nil, false, err
		}
		r.partial = total
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, false, err
		}
		if len(data) == 0 {
			return nil, false, nil
		}
		if data[len(data)-1] != '\n' {
			return data, false, nil
		}
		data = data[:len(data)-1]
		if n := len(data); n > 0 && data[n-1] == '\r' {
			data = data[:n-1]
		}
		return data, true, nil
	}
}

// parseRow fills r.t and r.vals from a data line; it returns a reason when
// the row must be skipped. Only selected fields are converted to numbers.
func (r *Reader) parseRow(line []byte) string {
	want := len(r.hdr.Columns) + 1
	col, si, pos := 0, 0, 0
	for {
		f, next, esc, err := nextField(line, pos, r.sep)
		if err != nil {
			return fmt.Sprintf("field %d: %v", col+1, err)
		}
		if col == 0 {
			if reason := r.setTime(f); reason != "" {
				return reason
			}
		} else if si < len(r.sel) && r.sel[si] == col {
			if esc {
				return fmt.Sprintf("field %d: a number cannot contain quotes", col+1)
			}
			v, ok := parseValue(f)
			if !ok {
				return fmt.Sprintf("column %d (%s): %q is not a number", col, r.hdr.Columns[col-1].String(), truncate(f))
			}
			r.tmp[si] = v
			si++
		}
		col++
		if next >= len(line) {
			break
		}
		pos = next + 1
		if pos == len(line) {
			col++ // a trailing separator ends with one empty field
			break
		}
	}
	if col != want {
		return fmt.Sprintf("row has %d fields, the header has %d (ragged or truncated row)", col, want)
	}
	for i, p := range r.selPos {
		r.vals[p] = r.tmp[i]
	}
	return ""
}

func (r *Reader) setTime(f []byte) string {
	y, mo, d, h, mi, s, ns, ok := parseTimestamp(f)
	if !ok {
		return fmt.Sprintf("bad timestamp %q, want MM/dd/yyyy HH:mm:ss.fff", truncate(f))
	}
	if r.hdr.HasTimeZone {
		r.t = time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC).Add(time.Duration(r.hdr.Bias) * time.Minute)
	} else {
		r.t = time.Date(y, time.Month(mo), d, h, mi, s, ns, r.opts.Location).UTC()
	}
	return ""
}

func truncate(b []byte) string {
	if len(b) > 32 {
		return string(b[:32]) + "..."
	}
	return string(b)
}

func sortByCol(order, cols []int) {
	// insertion sort: selections are short
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && cols[order[j]] < cols[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
}
