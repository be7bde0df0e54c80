// Package settings reads a datasource instance's configuration: jsonData into typed
// fields with defaults in one place, secrets from decrypted secureJsonData only.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/contract"
)

// Defaults, applied by Load when a field is left empty.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxConcurrent = 4
	DefaultCacheTTL      = time.Minute
	DefaultSlowHostFor   = time.Minute
	// DefaultMaxResponseBytes bounds one XAPI or RRD response; a 2,000-VM pool's
	// rrd_updates for 120 rows is about 60 MB in the strict JSON format.
	DefaultMaxResponseBytes = 256 << 20
	DefaultExchangeVersion  = "2007"
)

// ErrMissingURL and the other sentinels are configuration mistakes: downstream errors
// that the user fixes in the datasource settings.
var (
	ErrMissingURL        = errors.New("the pool master URL is empty: set it in the datasource settings, e.g. https://xenserver-master.example.com")
	ErrInvalidURL        = errors.New("the pool master URL is not a valid http(s) URL")
	ErrInvalidPoolMember = errors.New("a pool member is not a valid http(s) URL")
	ErrMissingUsername   = errors.New("the XAPI user name is empty: set it in the datasource settings (e.g. root, or a read-only pool user)")
)

// Settings is a datasource instance's configuration.
type Settings struct {
	// URL of the pool master, e.g. https://10.0.0.1. When the master changes (HA),
	// the back end finds the new one from the pool's known hosts; this field is not rewritten.
	URL string `json:"-"`
	// PoolMembers (jsonData.poolMembers) are URLs of other hosts of the pool, e.g.
	// ["https://10.0.0.2", "https://10.0.0.3"], tried in turn when URL does not answer a
	// login. A running instance learns the pool's hosts from its inventory, but after a
	// Grafana restart, if URL names a master that HA has replaced, only these let it find
	// the new one. Empty strings are dropped; the config editor can fill the list from
	// the pool's hosts.
	PoolMembers []string `json:"poolMembers"`
	// Username for session.login_with_password.
	Username string `json:"username"`
	// Password comes from secureJsonData["password"] only, never from jsonData.
	Password string `json:"-"`

	// TimeoutSeconds bounds one XAPI or RRD HTTP request (default 30 s).
	TimeoutSeconds int `json:"timeoutSeconds"`
	// MaxConcurrentRequests bounds parallel requests to the pool's hosts (default 4):
	// each host serves only its own RRDs, so a pool query fans out to every host.
	MaxConcurrentRequests int `json:"maxConcurrentRequests"`
	// SlowHostSeconds is how long a host whose request timed out is skipped (its
	// series missing, with a notice naming it) before it is tried again (default 60 s;
	// a negative value turns the memory off). One slow host then costs one timeout per
	// dashboard refresh instead of one per target, and alert evaluations do not hang on it.
	SlowHostSeconds int `json:"slowHostSeconds"`
	// CacheTTLSeconds keeps inventory (pools, hosts, VMs, SRs, metric names) this long (default 60 s).
	CacheTTLSeconds int `json:"cacheTTLSeconds"`
	// MaxResponseMB bounds one response body; larger responses fail with a clear error.
	MaxResponseMB int `json:"maxResponseMB"`

	// LogFolder is the folder the back end reads Exchange perfmon logs and load-test
	// results from. Queries may only name files inside it.
	LogFolder string `json:"logFolder"`
	// LogTimeZone (an IANA name such as Europe/Berlin) converts perfmon logs whose
	// banner carries no time zone (typeperf's stdout); relog/logman files name theirs.
	LogTimeZone string `json:"logTimeZone"`
	// ExchangeVersion selects threshold catalog entries: "2007" or "2010".
	ExchangeVersion string `json:"exchangeVersion"`
	// PlatformOverrides maps an Exchange server name to "native" or "virtual",
	// overriding the automatic match against the pool's VMs.
	PlatformOverrides []PlatformOverride `json:"platformOverrides"`
	// VolumeRoles maps a server's disk instance (e.g. D:) to "database" or "log".
	VolumeRoles []VolumeRole `json:"volumeRoles"`

	// TLS options (tlsSkipVerify, tlsAuthWithCACert + secure tlsCACert) are Grafana's
	// standard ones and are read by the SDK's HTTPClientOptions; we keep the flag here
	// only to warn about it in the health check.
	TLSSkipVerify bool `json:"tlsSkipVerify"`

	logLocation *time.Location
}

// LogLocation is LogTimeZone loaded, or nil when none is set.
func (s *Settings) LogLocation() *time.Location { return s.logLocation }

// PlatformOverride is one row of the native/virtual mapping table.
type PlatformOverride struct {
	Server   string `json:"server"`
	Platform string `json:"platform"`
}

// VolumeRole is one row of the volume role table; Server may be "*".
type VolumeRole struct {
	Server   string `json:"server"`
	Instance string `json:"instance"`
	Role     string `json:"role"`
}

// Load parses instance settings and applies defaults. It does not validate the
// connection fields: a datasource used only for Exchange files needs no pool.
func Load(s backend.DataSourceInstanceSettings) (*Settings, error) {
	out := &Settings{}
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, out); err != nil {
			return nil, backend.DownstreamErrorf("the datasource settings (jsonData) are not valid JSON: %v", err)
		}
	}
	out.URL = strings.TrimRight(strings.TrimSpace(s.URL), "/")
	out.Password = s.DecryptedSecureJSONData["password"]
	members := out.PoolMembers[:0]
	for _, m := range out.PoolMembers {
		if m = strings.TrimRight(strings.TrimSpace(m), "/"); m != "" {
			members = append(members, m)
		}
	}
	out.PoolMembers = members
	if out.TimeoutSeconds <= 0 {
		out.TimeoutSeconds = int(DefaultTimeout / time.Second)
	}
	if out.MaxConcurrentRequests <= 0 {
		out.MaxConcurrentRequests = DefaultMaxConcurrent
	}
	if out.SlowHostSeconds == 0 {
		out.SlowHostSeconds = int(DefaultSlowHostFor / time.Second)
	}
	if out.CacheTTLSeconds <= 0 {
		out.CacheTTLSeconds = int(DefaultCacheTTL / time.Second)
	}
	if out.MaxResponseMB <= 0 {
		out.MaxResponseMB = DefaultMaxResponseBytes >> 20
	}
	if out.ExchangeVersion == "" {
		out.ExchangeVersion = DefaultExchangeVersion
	}
	if out.LogTimeZone != "" {
		loc, err := time.LoadLocation(out.LogTimeZone)
		if err != nil {
			return nil, backend.DownstreamErrorf("log time zone %q is not a known IANA time zone (e.g. Europe/Berlin, America/New_York): %v", out.LogTimeZone, err)
		}
		out.logLocation = loc
	}
	for i, o := range out.PlatformOverrides {
		p := strings.ToLower(strings.TrimSpace(o.Platform))
		if p != contract.PlatformNative && p != contract.PlatformVirtual {
			return nil, backend.DownstreamErrorf("platform override %d (%q): platform must be %q or %q, got %q", i+1, o.Server, contract.PlatformNative, contract.PlatformVirtual, o.Platform)
		}
		out.PlatformOverrides[i].Platform = p
	}
	return out, nil
}

// Timeout is TimeoutSeconds as a duration.
func (s *Settings) Timeout() time.Duration { return time.Duration(s.TimeoutSeconds) * time.Second }

// SlowHostFor is SlowHostSeconds as a duration; zero when the memory is off.
func (s *Settings) SlowHostFor() time.Duration {
	return time.Duration(max(s.SlowHostSeconds, 0)) * time.Second
}

// CacheTTL is CacheTTLSeconds as a duration.
func (s *Settings) CacheTTL() time.Duration { return time.Duration(s.CacheTTLSeconds) * time.Second }

// MaxResponseBytes is MaxResponseMB in bytes.
func (s *Settings) MaxResponseBytes() int64 { return int64(s.MaxResponseMB) << 20 }

// HasPool reports whether a pool master is configured.
func (s *Settings) HasPool() bool { return s.URL != "" }

// ValidatePool checks the fields needed to talk to XAPI.
func (s *Settings) ValidatePool() error {
	if s.URL == "" {
		return backend.DownstreamError(ErrMissingURL)
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return backend.DownstreamError(fmt.Errorf("%w: %q (expected e.g. https://xenserver-master.example.com)", ErrInvalidURL, s.URL))
	}
	for i, m := range s.PoolMembers {
		u, err := url.Parse(m)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return backend.DownstreamError(fmt.Errorf("%w: pool member %d, %q (expected e.g. https://xenserver-2.example.com)", ErrInvalidPoolMember, i+1, m))
		}
	}
	if s.Username == "" {
		return backend.DownstreamError(ErrMissingUsername)
	}
	return nil
}
