package main

import (
	"bytes"
	"encoding/json"
)

// manifest is the part of plugin.json our checks read. Field names follow Grafana's
// schema (grafana/grafana docs/sources/developers/plugins/plugin.schema.json) and the
// reference at https://grafana.com/developers/plugin-tools/reference/plugin-json.
type manifest struct {
	ID           string       `json:"id"`
	Type         string       `json:"type"`
	Name         string       `json:"name"`
	Info         manifestInfo `json:"info"`
	Includes     []include    `json:"includes"`
	Executable   string       `json:"executable"`
	Backend      bool         `json:"backend"`
	Alerting     bool         `json:"alerting"`
	Category     string       `json:"category"`
	State        string       `json:"state"`
	Dependencies dependencies `json:"dependencies"`
}

type manifestInfo struct {
	Description string       `json:"description"`
	Author      author       `json:"author"`
	Keywords    []string     `json:"keywords"`
	Logos       logos        `json:"logos"`
	Links       []link       `json:"links"`
	Screenshots []screenshot `json:"screenshots"`
	Version     string       `json:"version"`
	Updated     string       `json:"updated"`
}

type author struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	URL   string `json:"url"`
}

type logos struct {
	Small string `json:"small"`
	Large string `json:"large"`
}

type link struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type screenshot struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

type include struct {
	Type string `json:"type"`
	Name string `json:"name"`
	Path string `json:"path"`
	UID  string `json:"uid"`
	Role string `json:"role"`
}

type dependencies struct {
	GrafanaDependency string             `json:"grafanaDependency"`
	Plugins           []pluginDependency `json:"plugins"`
}

type pluginDependency struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Version string `json:"version"`
}

// parseManifest decodes plugin.json. It also returns the top-level keys and the
// keys of "info", which the schema checks need to tell "missing" from "empty".
func parseManifest(data []byte) (*manifest, map[string]json.RawMessage, map[string]json.RawMessage, error) {
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil {
		return nil, nil, nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, nil, err
	}
	info := map[string]json.RawMessage{}
	if raw, ok := top["info"]; ok {
		// Decoding above succeeded, so "info" is an object (or null).
		_ = json.Unmarshal(raw, &info)
	}
	return &m, top, info, nil
}
