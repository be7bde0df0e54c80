package settings

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestLoadDefaultsAndSecrets(t *testing.T) {
	s, err := Load(backend.DataSourceInstanceSettings{
		URL:                     " https://master.example.com/ ",
		JSONData:                []byte(`{"username":"root","password":"not-here"}`),
		DecryptedSecureJSONData: map[string]string{"password": "from-secure"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL != "https://master.example.com" {
		t.Errorf("URL %q", s.URL)
	}
	if s.Password != "from-secure" {
		t.Errorf("the password must come from secureJsonData only, got %q", s.Password)
	}
	if s.Timeout() != DefaultTimeout || s.MaxConcurrentRequests != DefaultMaxConcurrent || s.CacheTTL() != DefaultCacheTTL ||
		s.MaxResponseBytes() != DefaultMaxResponseBytes || s.ExchangeVersion != DefaultExchangeVersion || s.SlowHostFor() != DefaultSlowHostFor {
		t.Errorf("defaults not applied: %+v", s)
	}
	if err := s.ValidatePool(); err != nil {
		t.Errorf("ValidatePool: %v", err)
	}
}

func TestLoadRejectsBadSettings(t *testing.T) {
	for name, tc := range map[string]struct {
		json, want string
	}{
		"not json":          {`{`, "not valid JSON"},
		"bad platform":      {`{"platformOverrides":[{"server":"EX1","platform":"cloud"}]}`, `must be "native" or "virtual"`},
		"unknown time zone": {`{"logTimeZone":"Mars/Olympus"}`, "not a known IANA time zone"},
	} {
		_, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(tc.json)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
			continue
		}
		if !backend.IsDownstreamError(err) {
			t.Errorf("%s: a settings mistake is the user's: want a downstream error", name)
		}
	}
}

func TestValidatePool(t *testing.T) {
	for name, tc := range map[string]struct {
		s    Settings
		want error
	}{
		"no url":      {Settings{Username: "root"}, ErrMissingURL},
		"no scheme":   {Settings{URL: "master.example.com", Username: "root"}, ErrInvalidURL},
		"ftp":         {Settings{URL: "ftp://master", Username: "root"}, ErrInvalidURL},
		"no username": {Settings{URL: "https://master"}, ErrMissingUsername},
		"bad member":  {Settings{URL: "https://master", Username: "root", PoolMembers: []string{"https://m2", "m3.example.com"}}, ErrInvalidPoolMember},
	} {
		if err := tc.s.ValidatePool(); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func TestLogTimeZone(t *testing.T) {
	s, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"logTimeZone":"Europe/Berlin"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if s.LogLocation() == nil || s.LogLocation().String() != "Europe/Berlin" {
		t.Errorf("location %v", s.LogLocation())
	}
	none, _ := Load(backend.DataSourceInstanceSettings{})
	if none.LogLocation() != nil {
		t.Error("no time zone set: want nil so typeperf logs fail with a clear error")
	}
}

func TestPoolMembers(t *testing.T) {
	s, err := Load(backend.DataSourceInstanceSettings{URL: "https://m1",
		JSONData: []byte(`{"username":"root","poolMembers":[" https://m2/ ","","https://m3:8443"]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.PoolMembers, ",") != "https://m2,https://m3:8443" {
		t.Errorf("pool members %q", s.PoolMembers)
	}
	if err := s.ValidatePool(); err != nil {
		t.Errorf("ValidatePool: %v", err)
	}
	if _, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(`{"poolMembers":"https://m2"}`)}); err == nil {
		t.Error("poolMembers as a string: want an error (it is an array of URLs)")
	}
}

func TestSlowHostSeconds(t *testing.T) {
	for js, want := range map[string]time.Duration{`{"slowHostSeconds":15}`: 15 * time.Second, `{"slowHostSeconds":-1}`: 0, `{}`: DefaultSlowHostFor} {
		s, err := Load(backend.DataSourceInstanceSettings{JSONData: []byte(js)})
		if err != nil || s.SlowHostFor() != want {
			t.Errorf("%s: %v %v, want %v", js, s.SlowHostFor(), err, want)
		}
	}
}
