package perfmon

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Format is the field separator family of a PDH text log.
type Format string

const (
	FormatCSV Format = "PDH-CSV"
	FormatTSV Format = "PDH-TSV"
)

// Errors a caller can test with errors.Is.
var (
	ErrBanner     = errors.New("not a PDH text log")
	ErrNoTimeZone = errors.New("log has no time zone")
	ErrEmpty      = errors.New("log is empty")
)

// maxBias bounds the header bias: real zones span UTC-12 to UTC+14.
const maxBias = 14 * 60

// Header is the parsed first line of a log.
type Header struct {
	Format   Format
	Encoding Encoding
	// TimeZone is the zone name from the banner, for display only; the bias
	// is what converts times. Empty for typeperf stdout.
	TimeZone    string
	Bias        int  // minutes; UTC = local + Bias (Windows convention)
	HasTimeZone bool // false for "(PDH-CSV 4.0)" without a zone part
	Columns     []CounterPath
	// Duplicates lists column indexes whose path repeats an earlier column
	// (case-insensitively). They are never selected: two values for one
	// series at one time cannot be told apart.
	Duplicates []int
	// BadColumns lists column indexes whose path did not parse; they are
	// kept as placeholders so the other columns keep their positions.
	BadColumns []int
}

// Location returns the fixed zone described by the banner.
func (h *Header) Location() *time.Location {
	name := h.TimeZone
	if name == "" {
		name = fmt.Sprintf("bias %d", h.Bias)
	}
	return time.FixedZone(name, -h.Bias*60)
}

// parseBanner reads "(PDH-CSV 4.0) (<zone>)(<bias>)", "(PDH-CSV 4.0)" or the
// TSV variants. The zone name may be empty ("()(-540)" is seen in the wild).
func parseBanner(s string) (Format, string, int, bool, error) {
	s = strings.TrimSpace(s)
	var f Format
	switch {
	case strings.HasPrefix(s, "(PDH-CSV 4.0)"):
		f = FormatCSV
	case strings.HasPrefix(s, "(PDH-TSV 4.0)"):
		f = FormatTSV
	default:
		shown := s
		if len(shown) > 40 {
			shown = shown[:40] + "..."
		}
		return "", "", 0, false, fmt.Errorf("%w: the first cell is %q, want \"(PDH-CSV 4.0) (<time zone>)(<bias>)\"; export the log with relog -f csv or typeperf -f CSV", ErrBanner, shown)
	}
	rest := strings.TrimSpace(s[len("(PDH-CSV 4.0)"):])
	if rest == "" {
		return f, "", 0, false, nil
	}
	// rest is "(<zone>)(<bias>)"; the zone has no parentheses of its own,
	// so split at the last "(".
	open := strings.LastIndexByte(rest, '(')
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") || open <= 0 || rest[open-1] != ')' {
		return "", "", 0, false, fmt.Errorf("%w: time zone part %q is not \"(<name>)(<bias minutes>)\"", ErrBanner, rest)
	}
	zone := rest[1 : open-1]
	biasText := rest[open+1 : len(rest)-1]
	bias, err := strconv.Atoi(strings.TrimSpace(biasText))
	if err != nil || bias < -maxBias || bias > maxBias {
		return "", "", 0, false, fmt.Errorf("%w: time zone %q has bias %q, want whole minutes between %d and %d", ErrNoTimeZone, zone, biasText, -maxBias, maxBias)
	}
	return f, zone, bias, true, nil
}

// parseHeader builds a Header from the first line's fields.
func parseHeader(fields []string) (*Header, error) {
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: empty header line", ErrBanner)
	}
	f, zone, bias, hasTZ, err := parseBanner(fields[0])
	if err != nil {
		return nil, err
	}
	h := &Header{Format: f, TimeZone: zone, Bias: bias, HasTimeZone: hasTZ}
	if len(fields) < 2 {
		return nil, fmt.Errorf("%w: the header names no counters", ErrBanner)
	}
	seen := make(map[string]int, len(fields))
	for i, text := range fields[1:] {
		p, err := ParseCounterPath(text)
		if err != nil {
			h.BadColumns = append(h.BadColumns, i)
		}
		key := strings.ToLower(text)
		if _, dup := seen[key]; dup {
			h.Duplicates = append(h.Duplicates, i)
		} else {
			seen[key] = i
		}
		h.Columns = append(h.Columns, p)
	}
	return h, nil
}

// parseTimestamp reads "MM/dd/yyyy HH:mm:ss.fff" (fraction optional, 1-9
// digits) as wall-clock time; the caller applies the zone.
func parseTimestamp(b []byte) (y, mo, d, h, mi, s, ns int, ok bool) {
	if len(b) < 19 || b[2] != '/' || b[5] != '/' || b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		return
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	var ok1, ok2, ok3, ok4, ok5, ok6 bool
	mo, ok1 = num(0, 2)
	d, ok2 = num(3, 2)
	y, ok3 = num(6, 4)
	h, ok4 = num(11, 2)
	mi, ok5 = num(14, 2)
	s, ok6 = num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || s > 59 {
		return
	}
	if len(b) > 19 {
		if b[19] != '.' || len(b) == 20 || len(b) > 29 {
			return
		}
		frac, okf := num(20, len(b)-20)
		if !okf {
			return
		}
		for i := len(b) - 20; i < 9; i++ {
			frac *= 10
		}
		ns = frac
	}
	return y, mo, d, h, mi, s, ns, true
}

func daysIn(m, y int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
