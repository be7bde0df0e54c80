package alertrules

import (
	"fmt"
	"strconv"

	"github.com/xenbench/xenbench/pkg/thresholds"
)

// DatasourcePlaceholder stands for the user's datasource uid in the rules the app's
// Alert rules page installs; the page replaces it with the datasource the user picks.
const DatasourcePlaceholder = "${datasource}"

// APIRule is a rule in the shape of Grafana's alerting provisioning HTTP API
// (POST /api/v1/provisioning/alert-rules, model ProvisionedAlertRule), without the
// fields the installer fills in: folderUID, ruleGroup and orgID. The dashboard link
// travels as the __dashboardUid__ / __panelId__ annotations, as the API carries it.
type APIRule struct {
	UID          string            `json:"uid"`
	Title        string            `json:"title"`
	Condition    string            `json:"condition"`
	Data         []APIQuery        `json:"data"`
	NoDataState  string            `json:"noDataState"`
	ExecErrState string            `json:"execErrState"`
	For          string            `json:"for"`
	Annotations  map[string]string `json:"annotations"`
	Labels       map[string]string `json:"labels"`
	IsPaused     bool              `json:"isPaused"`
}

// APIQuery is one AlertQuery of the API.
type APIQuery struct {
	RefID             string         `json:"refId"`
	RelativeTimeRange TimeRangeJSON  `json:"relativeTimeRange"`
	DatasourceUID     string         `json:"datasourceUid"`
	Model             map[string]any `json:"model"`
}

// TimeRangeJSON is RelativeTimeRange: seconds before now.
type TimeRangeJSON struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// APIRules returns, for each Exchange version of the catalog, the rules Build makes,
// in the API's shape, querying DatasourcePlaceholder.
func APIRules(cat *thresholds.Catalog) (map[string][]APIRule, error) {
	out := map[string][]APIRule{}
	for _, version := range []string{thresholds.Version2007, thresholds.Version2010Up} {
		f, err := Build(cat, Options{DatasourceUID: DatasourcePlaceholder, Folder: "xenbench", ExchangeVersion: version})
		if err != nil {
			return nil, fmt.Errorf("Exchange %s: %w", version, err)
		}
		for _, g := range f.Groups {
			for _, r := range g.Rules {
				out[version] = append(out[version], apiRule(r))
			}
		}
	}
	return out, nil
}

func apiRule(r Rule) APIRule {
	a := APIRule{UID: r.UID, Title: r.Title, Condition: r.Condition, NoDataState: r.NoDataState, ExecErrState: r.ExecErrState,
		For: r.For, Labels: r.Labels, IsPaused: r.IsPaused, Annotations: map[string]string{}}
	for k, v := range r.Annotations {
		a.Annotations[k] = v
	}
	if r.DashboardUID != "" {
		a.Annotations["__dashboardUid__"] = r.DashboardUID
		a.Annotations["__panelId__"] = strconv.Itoa(r.PanelID)
	}
	for _, q := range r.Data {
		a.Data = append(a.Data, APIQuery{RefID: q.RefID, RelativeTimeRange: TimeRangeJSON(q.RelativeTimeRange), DatasourceUID: q.DatasourceUID, Model: q.Model})
	}
	return a
}
