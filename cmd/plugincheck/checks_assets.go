package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// logosCheck mirrors the logos analyzer: every plugin names a small and a large logo.
var logosCheck = check{
	Name:    "logos",
	Mirrors: "logos",
	Needs:   needLayout,
	OK:      "every plugin names small and large logos",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			if strings.TrimSpace(p.M.Info.Logos.Small) == "" {
				out = append(out, errorf("logos", "%s: info.logos.small is empty", p.Path))
			}
			if strings.TrimSpace(p.M.Info.Logos.Large) == "" {
				out = append(out, errorf("logos", "%s: info.logos.large is empty", p.Path))
			}
		}
		return out
	},
}

// metadataPathsCheck mirrors the metadatapaths analyzer: logo and screenshot paths are
// relative to their plugin.json and name files in the zip.
var metadataPathsCheck = check{
	Name:    "metadatapaths",
	Mirrors: "metadatapaths",
	Needs:   needLayout,
	OK:      "logo and screenshot paths exist",
	Run: func(b *bundle) []Result {
		var out []Result
		for _, p := range b.Plugins {
			if p.M == nil {
				continue
			}
			refs := [][2]string{{"small logo", p.M.Info.Logos.Small}, {"large logo", p.M.Info.Logos.Large}}
			for _, s := range p.M.Info.Screenshots {
				refs = append(refs, [2]string{"screenshot", s.Path})
			}
			for _, ref := range refs {
				kind, ref := ref[0], ref[1]
				if strings.TrimSpace(ref) == "" {
					continue // reported by logos / screenshots
				}
				u, err := url.Parse(ref)
				switch {
				case err != nil:
					out = append(out, errorf("invalid-path", "%s: invalid %s path %q", p.Path, kind, ref))
				case u.IsAbs():
					out = append(out, errorf("path-relative-to-metadata", "%s: %s %q must be a path relative to plugin.json, not a URL", p.Path, kind, ref))
				case strings.HasPrefix(ref, ".") || strings.HasPrefix(ref, "/"):
					out = append(out, errorf("invalid-relative-path", "%s: %s %q must not start with . or /", p.Path, kind, ref))
				default:
					target := path.Join(p.Dir, ref)
					if b.file(target) == nil {
						out = append(out, errorf("path-not-exists", "%s: %s %s is not in the zip", p.Path, kind, target))
					}
				}
			}
		}
		return out
	},
}

// screenshotsCheck mirrors the screenshots analyzer: the catalog wants at least one
// screenshot, and each must be an image whose content matches its extension.
var screenshotsCheck = check{
	Name:    "screenshots",
	Mirrors: "screenshots",
	Needs:   needRoot,
	OK:      "screenshots are listed and are images",
	Run: func(b *bundle) []Result {
		shots := b.root().M.Info.Screenshots
		if len(shots) == 0 {
			return []Result{warnf("screenshots", "plugin.json: info.screenshots is empty; the plugin catalog shows screenshots")}
		}
		var out []Result
		for _, s := range shots {
			if strings.TrimSpace(s.Path) == "" {
				out = append(out, errorf("screenshots", "plugin.json: screenshot %q has an empty path", s.Name))
				continue
			}
			e := b.file(path.Clean(s.Path))
			if e == nil {
				continue // reported by metadatapaths
			}
			if err := checkImage(s.Path, e.Data); err != nil {
				out = append(out, errorf("screenshots-image-type", "%v", err))
			}
		}
		return out
	},
}

// checkImage sniffs the content type and compares it with the file extension; only
// PNG, JPEG, GIF and SVG are accepted (the catalog's list).
func checkImage(name string, data []byte) error {
	kind := http.DetectContentType(data)
	if (strings.HasPrefix(kind, "text/plain") || strings.HasPrefix(kind, "text/xml")) && bytes.Contains(data[:min(len(data), 512)], []byte("<svg")) {
		kind = "image/svg+xml"
	}
	switch kind {
	case "image/png", "image/jpeg", "image/gif", "image/svg+xml":
	default:
		return fmt.Errorf("screenshot %s is %s; use PNG, JPEG, GIF or SVG", name, kind)
	}
	if byExt := mime.TypeByExtension(path.Ext(name)); byExt != kind {
		return fmt.Errorf("screenshot %s has the extension %q but its content is %s", name, path.Ext(name), kind)
	}
	return nil
}

// svgForbiddenElements are elements that can run script or embed other documents
// inside an SVG image. Like plugin-validator's unsafesvg analyzer (pkg/svgvalidate),
// we also reject every on* event attribute; we add javascript: links.
var svgForbiddenElements = map[string]bool{
	"script": true, "iframe": true, "embed": true, "object": true, "foreignobject": true,
	"audio": true, "video": true, "template": true, "noscript": true, "noembed": true,
	"noframes": true, "plaintext": true, "xmp": true, "math": true,
}

// unsafeSVGCheck mirrors the unsafesvg analyzer for every .svg in the zip.
var unsafeSVGCheck = check{
	Name:    "unsafesvg",
	Mirrors: "unsafesvg",
	Needs:   needLayout,
	OK:      "no SVG carries script or event handlers",
	Run: func(b *bundle) []Result {
		var out []Result
		b.files(func(rel string, e *entry) {
			if !strings.EqualFold(path.Ext(rel), ".svg") {
				return
			}
			if err := svgProblem(e.Data); err != nil {
				out = append(out, errorf("unsafe-svg-file", "%s is unsafe: %v", rel, err))
			}
		})
		return out
	},
}

// svgProblem returns why an SVG document is unsafe or unreadable, or nil.
func svgProblem(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	sawElement := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if !sawElement {
				return errors.New("no SVG element")
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		sawElement = true
		name := strings.ToLower(start.Name.Local)
		if svgForbiddenElements[name] {
			return fmt.Errorf("element <%s> is not allowed", start.Name.Local)
		}
		for _, attr := range start.Attr {
			key := strings.ToLower(attr.Name.Local)
			if strings.HasPrefix(key, "on") {
				return fmt.Errorf("event attribute %s on <%s> is not allowed", attr.Name.Local, start.Name.Local)
			}
			if key == "href" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(attr.Value)), "javascript:") {
				return fmt.Errorf("javascript: link on <%s> is not allowed", start.Name.Local)
			}
		}
	}
}
