package backend_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/xenbench/xenbench/pkg/plugin"
	"github.com/xenbench/xenbench/tests/pluginhost"
)

func BenchmarkZZInProcess12(b *testing.B) {
	srv, logs := bigPool(b)
	now := srv.Now()
	queries := make([]pluginhost.Query, len(dashboard12))
	for i, m := range dashboard12 {
		queries[i] = pluginhost.Query{RefID: fmt.Sprint("Q", i+1), Model: m, From: now.Add(-time.Hour), To: now, Interval: 15 * time.Second, MaxDataPoints: 1000}
	}
	ds, _ := pluginhost.NewSettings("sim", srv.MasterURL(), map[string]any{"username": "root", "logFolder": logs, "timeoutSeconds": 30, "maxConcurrentRequests": 8}, map[string]string{"password": password})
	inst, err := plugin.NewDatasource(context.Background(), *ds)
	if err != nil {
		b.Fatal(err)
	}
	d := inst.(*plugin.Datasource)
	req, _ := pluginhost.QueryRequest(ds, false, queries...)
	if _, err := d.QueryData(context.Background(), req); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, _ := d.QueryData(context.Background(), req)
		if _, err := backend.ToProto().QueryDataResponse(backend.DataFrameFormat_ARROW, resp); err != nil {
			b.Fatal(err)
		}
	}
}
