package rrd

import (
	"errors"
	"fmt"
)

var (
	// ErrTruncated means the payload ended before its root element or object
	// was closed: usually a body cut by a size limit or a dropped connection.
	ErrTruncated = errors.New("payload ended early (truncated response or size limit reached)")
	// ErrLegendMismatch means a row carries a different number of values than
	// the legend has columns.
	ErrLegendMismatch = errors.New("row value count does not match the legend")
	// ErrMetaMismatch means meta.rows or meta.columns disagree with the data
	// actually sent.
	ErrMetaMismatch = errors.New("meta rows/columns disagree with the data")
	// ErrRowOrder means row timestamps are not strictly newest first as xapi
	// writes them (rrd_updates.ml create walks back from the last CDP).
	ErrRowOrder = errors.New("row timestamps are not strictly newest first")
)

// SyntaxError reports malformed or inconsistent input: which format was being
// read, the byte offset where the problem was found and what was expected.
// Err, when set, is one of the sentinel errors above (errors.Is works).
type SyntaxError struct {
	Format Format
	Offset int64
	Msg    string
	Err    error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("rrd: %s payload at byte %d: %s", e.Format, e.Offset, e.Msg)
}

func (e *SyntaxError) Unwrap() error { return e.Err }
