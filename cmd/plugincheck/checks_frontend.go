package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// moduleJSCheck mirrors the modulejs analyzer, per plugin: Grafana loads each plugin
// (the app and every nested plugin) from the module.js beside its plugin.json.
var moduleJSCheck = check{
	Name:    "modulejs",
	Mirrors: "modulejs",
	Needs:   needLayout,
	OK:      "every plugin has its module.js",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if b.file(path.Join(p.Dir, "module.js")) == nil {
				out = append(out, errorf("missing-modulejs", "%s has no module.js beside it; Grafana cannot load the plugin", p.Path))
			}
		}
		return out
	},
}

// forEachModuleJS calls fn for every module.js in the plugin folder.
func forEachModuleJS(b *bundle, fn func(rel string, e *entry)) {
	b.files(func(rel string, e *entry) {
		if path.Base(rel) == "module.js" {
			fn(rel, e)
		}
	})
}

// jsSourceMapCheck mirrors the jsMap analyzer: every module.js ships its source map.
// The real analyzer also rebuilds the sources from sourceCodeUri and compares them;
// we check that the map is a readable version-3 source map with sources.
var jsSourceMapCheck = check{
	Name:    "jsMap",
	Mirrors: "jssourcemap (without the source comparison)",
	Needs:   needLayout,
	OK:      "every module.js has a valid module.js.map",
	Run: func(b *bundle) []Result {
		var out []Result
		forEachModuleJS(b, func(rel string, _ *entry) {
			mapRel := rel + ".map"
			e := b.file(mapRel)
			if e == nil {
				out = append(out, errorf("js-map-not-found", "missing %s; the catalog review needs source maps (build with webpack's production config)", mapRel))
				return
			}
			var sm struct {
				Version int      `json:"version"`
				Sources []string `json:"sources"`
			}
			if err := json.Unmarshal(e.Data, &sm); err != nil {
				out = append(out, errorf("js-map-invalid", "%s is not a JSON source map: %v", mapRel, err))
				return
			}
			if sm.Version != 3 || len(sm.Sources) == 0 {
				out = append(out, errorf("js-map-invalid", "%s is not a version 3 source map with sources (version %d, %d sources)", mapRel, sm.Version, len(sm.Sources)))
			}
		})
		return out
	},
}

// trackerHosts are well-known analytics and advertising hosts. The trackingscripts
// analyzer checks module.js URLs against a block list of some 15,000 hosts; this is a
// short list of the common ones, written for us.
var trackerHosts = []string{
	"google-analytics.com", "googletagmanager.com", "doubleclick.net", "googleadservices.com",
	"segment.com", "segment.io", "mixpanel.com", "hotjar.com", "fullstory.com", "amplitude.com",
	"heapanalytics.com", "clarity.ms", "connect.facebook.net", "ads-twitter.com", "snap.licdn.com",
	"newrelic.com", "nr-data.net", "quantserve.com", "scorecardresearch.com", "matomo.cloud",
}

var urlInJS = regexp.MustCompile(`https?://[^\s"'` + "`" + `)<>\\]+`)

// trackingScriptsCheck mirrors the trackingscripts analyzer.
var trackingScriptsCheck = check{
	Name:    "trackingscripts",
	Mirrors: "trackingscripts (short host list)",
	Needs:   needLayout,
	OK:      "no module.js refers to a known tracking host",
	Run: func(b *bundle) []Result {
		var out []Result
		forEachModuleJS(b, func(rel string, e *entry) {
			seen := map[string]bool{}
			for _, raw := range urlInJS.FindAll(e.Data, -1) {
				u, err := url.Parse(string(raw))
				if err != nil {
					continue
				}
				host := strings.ToLower(u.Hostname())
				for _, t := range trackerHosts {
					if (host == t || strings.HasSuffix(host, "."+t)) && !seen[host] {
						seen[host] = true
						out = append(out, errorf("tracking-scripts", "%s refers to the tracking host %s; tracking scripts are not allowed in Grafana plugins", rel, host))
					}
				}
			}
		})
		return out
	},
}

// angularMarkers are strings only a plugin built on the removed AngularJS platform
// carries: the legacy SDK module and its controller classes. The legacyplatform
// analyzer downloads its pattern list from grafana.com (not reachable here); these
// are the markers Grafana's own Angular detection is documented to look for.
var angularMarkers = [][]byte{
	[]byte("app/plugins/sdk"),
	[]byte("PanelCtrl"),
	[]byte("QueryCtrl"),
	[]byte("ConfigCtrl"),
	[]byte("getLegacyAngularInjector"),
}

// legacyPlatformCheck mirrors the legacyplatform analyzer.
var legacyPlatformCheck = check{
	Name:    "legacyplatform",
	Mirrors: "legacyplatform (built-in markers)",
	Needs:   needLayout,
	OK:      "no module.js uses the AngularJS plugin platform",
	Run: func(b *bundle) []Result {
		var out []Result
		forEachModuleJS(b, func(rel string, e *entry) {
			for _, m := range angularMarkers {
				if bytes.Contains(e.Data, m) {
					out = append(out, errorf("legacy-platform", "%s uses the legacy AngularJS plugin platform (found %q); Grafana 11+ no longer loads it", rel, m))
					return
				}
			}
		})
		return out
	},
}
