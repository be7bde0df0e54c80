package pool

import (
	"context"

	"github.com/xenbench/xenbench/pkg/rrd"
	"github.com/xenbench/xenbench/pkg/rrdcache"
	"github.com/xenbench/xenbench/pkg/xapi"
)

// failingCaller and failingFetcher stand in for a client that could not be built, so
// every query reports the configuration error.
type failingCaller struct{ err error }

func (f failingCaller) Call(context.Context, string, []any, any) error { return f.err }

func failingFetcher(err error) rrdcache.Fetcher {
	return func(context.Context, string, xapi.RRDParams) (*rrd.Updates, error) { return nil, err }
}
