package sim

import (
	"crypto/subtle"
	"io"
	"net/http"
	"strconv"
)

// maxRequestBody bounds RPC bodies (xapi's own limit is larger; no client
// call we serve comes near this).
const maxRequestBody = 4 << 20

// hostHandler serves one host: JSON-RPC at /jsonrpc, XML-RPC on POST /,
// an HTML page on GET / (XCP-ng 8.3 serves XO Lite there, xcp-ng/xcp#761),
// and the RRD handlers. xapi picks handlers by longest path prefix
// (ocaml/libs/http-lib/http_svr.ml, Radix_tree.longest_prefix), so a POST
// to any other path, such as the xen-api client's /xmlrpc or /RPC2, is
// XML-RPC too.
func (s *Server) hostHandler(idx int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /jsonrpc", func(w http.ResponseWriter, r *http.Request) { s.serveJSONRPC(idx, w, r) })
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) { s.serveXMLRPC(idx, w, r) })
	mux.HandleFunc("GET /{$}", s.serveHome)
	mux.HandleFunc("GET /rrd_updates", func(w http.ResponseWriter, r *http.Request) { s.serveRRDUpdates(idx, w, r) })
	mux.HandleFunc("GET /host_rrd", func(w http.ResponseWriter, r *http.Request) { s.serveHostRRD(idx, w, r) })
	mux.HandleFunc("GET /vm_rrd", func(w http.ResponseWriter, r *http.Request) { s.serveVMRRD(idx, w, r) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.ready.Load() {
			w.Header().Set("Retry-After", "1")
			writeHTTPError(w, http.StatusServiceUnavailable, "xapi-sim is still playing its backfill (the pool's history): ready in a moment")
			return
		}
		s.mu.Lock()
		down := s.hosts != nil && s.hosts[idx].down
		s.mu.Unlock()
		if down {
			dropConnection(w) // a powered-off host answers nothing
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, "could not read the request body: "+err.Error())
		return nil, false
	}
	return body, true
}

// call runs an RPC under the model lock.
func (s *Server) call(idx int, c rpcCall) (any, *XapiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stepTo(s.clock.Now())
	return s.dispatch(idx, c)
}

func (s *Server) serveJSONRPC(idx int, w http.ResponseWriter, r *http.Request) {
	if !s.prof.JSONRPC {
		// Hosts before JSON-RPC answer a JSON body here with text/xml and a
		// 2xx status, which is how the xen-api client detects them and falls
		// back to XML-RPC (packages/xen-api/transports/json-rpc.mjs). The
		// exact body old hosts sent is not documented; an XML-RPC Failure is
		// our stand-in.
		_, _ = readBody(w, r)
		out := encodeXMLRPCFailure(xerr(errInternalError, "JSON-RPC is not supported by this host; use XML-RPC on /"))
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		_, _ = w.Write(out)
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	c, v2, id, err := parseJSONRPC(body)
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, "JSON-RPC parse error: "+err.Error())
		return
	}
	result, xe := s.call(idx, c)
	var out []byte
	if xe != nil {
		out, err = encodeJSONRPCError(v2, id, xe)
	} else {
		out, err = encodeJSONRPCResult(v2, id, result)
	}
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, "encoding the answer failed")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	_, _ = w.Write(out)
}

func (s *Server) serveXMLRPC(idx int, w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	c, err := parseXMLRPC(body)
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, "Xmlrpc.Parse_error: "+err.Error())
		return
	}
	result, xe := s.call(idx, c)
	var out []byte
	if xe != nil {
		out = encodeXMLRPCFailure(xe)
	} else {
		out = encodeXMLRPCSuccess(result)
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	_, _ = w.Write(out)
}

// homePage stands in for the XO Lite page XCP-ng 8.3 serves on GET /: an
// HTML document, so a client that forgets /jsonrpc sees text/html.
const homePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>XO Lite</title></head>
<body><noscript>XO Lite needs JavaScript.</noscript><div id="root"></div>
<p>xapi-sim: this is a simulated XCP-ng host. API clients must POST to /jsonrpc (JSON-RPC) or / (XML-RPC).</p>
</body></html>
`

func (s *Server) serveHome(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, homePage)
}

// authorize accepts session_id=<ref> or HTTP Basic credentials, the two
// forms xapi's HTTP handlers take (Xapi_http.with_context).
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if sid := r.URL.Query().Get("session_id"); sid != "" {
		s.mu.Lock()
		ok := s.checkSessionRef(sid)
		s.mu.Unlock()
		if ok {
			return true
		}
		writeHTTPError(w, http.StatusUnauthorized, "the session_id is not valid (SESSION_INVALID); log in again")
		return false
	}
	if user, pass, ok := r.BasicAuth(); ok {
		uOK := subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.User)) == 1
		pOK := subtle.ConstantTimeCompare([]byte(pass), []byte(s.opts.Password)) == 1
		if uOK && pOK {
			return true
		}
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="xapi"`)
	writeHTTPError(w, http.StatusUnauthorized, "authentication required: pass session_id or HTTP Basic credentials")
	return false
}

func (s *Server) writeRRDAnswer(w http.ResponseWriter, body []byte, jsonOut bool) {
	ct := "text/xml"
	if jsonOut {
		ct = "application/json"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Headers", "X-Requested-With")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// serveRRDUpdates answers for this host only: its own RRD (host=true) and
// the VMs resident on it, as xcp-rrdd does.
func (s *Server) serveRRDUpdates(idx int, w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	uq, err := parseUpdatesQuery(r)
	if err != nil {
		writeHTTPError(w, http.StatusBadRequest, err.Error())
		return
	}
	jsonOut := s.clientPrefersJSON(r)
	s.mu.Lock()
	s.stepTo(s.clock.Now())
	now := s.now
	sets := s.updatesSets(idx, uq)
	x, err := s.buildUpdates(sets, uq, now)
	s.mu.Unlock()
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, err.Error())
		return
	}
	style := rrdJSONNone
	if jsonOut {
		style = s.prof.RRDJSON
	}
	body, err := writeXport(make([]byte, 0, 64+len(x.legend)*(60+len(x.times)*10)), x, style, s.prof.Digits)
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.writeRRDAnswer(w, body, jsonOut)
	s.completeHTTPTask(r.URL.Query().Get("task_id"))
}

// updatesSets lists the RRDs host idx holds: its own and those of the VMs
// running on it now (an RRD travels with its VM). Caller holds s.mu.
func (s *Server) updatesSets(idx int, uq updatesQuery) []rrdSet {
	var sets []rrdSet
	if uq.host {
		h := s.hosts[idx]
		sets = append(sets, rrdSet{prefix: "host:" + h.UUID + ":", sources: s.hostSources(h), fill: func(dst []float64, in *instant) { s.fillHost(dst, in, h) }})
	}
	want := map[string]bool{}
	for _, u := range uq.vmUUIDs {
		want[u] = true
	}
	for _, vm := range s.vms {
		if vm.current() != idx {
			continue
		}
		if !uq.vmAll && !want[vm.UUID] {
			continue
		}
		vm := vm
		sets = append(sets, rrdSet{prefix: "vm:" + vm.UUID + ":", sources: vmSources(vm), fill: func(dst []float64, in *instant) { s.fillVM(dst, in, vm) }})
	}
	return sets
}

func (s *Server) serveHostRRD(idx int, w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	jsonOut := s.clientPrefersJSON(r) && s.prof.RRDJSON == rrdJSONStrings
	s.mu.Lock()
	s.stepTo(s.clock.Now())
	h := s.hosts[idx]
	body, err := s.writeRRDDump(nil, s.hostSources(h), func(dst []float64, in *instant) { s.fillHost(dst, in, h) }, s.now, jsonOut)
	s.mu.Unlock()
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.writeRRDAnswer(w, body, jsonOut)
	s.completeHTTPTask(r.URL.Query().Get("task_id"))
}

// serveVMRRD follows get_vm_rrd_forwarder (ocaml/xapi/rrdd_proxy.ml): the
// host running the VM answers; another host redirects (302) there; a
// halted VM's archived RRD is served by the master (a slave redirects).
func (s *Server) serveVMRRD(idx int, w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	uuid := r.URL.Query().Get("uuid")
	if uuid == "" {
		writeHTTPError(w, http.StatusBadRequest, "get_vm_rrd: missing the 'uuid' parameter")
		return
	}
	jsonOut := s.clientPrefersJSON(r) && s.prof.RRDJSON == rrdJSONStrings
	s.mu.Lock()
	s.stepTo(s.clock.Now())
	var vm *simVM
	for _, v := range s.vms {
		if v.UUID == uuid {
			vm = v
		}
	}
	if vm == nil {
		s.mu.Unlock()
		writeHTTPError(w, http.StatusNotFound, "no VM with uuid "+uuid)
		return
	}
	owner := vm.current()
	if owner < 0 {
		owner = s.masterIdx
	}
	if owner != idx {
		loc := s.hostURLs[owner] + r.URL.RequestURI()
		s.mu.Unlock()
		http.Redirect(w, r, loc, http.StatusFound)
		return
	}
	body, err := s.writeRRDDump(nil, vmSources(vm), func(dst []float64, in *instant) { s.fillVM(dst, in, vm) }, s.now, jsonOut)
	s.mu.Unlock()
	if err != nil {
		writeHTTPError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.writeRRDAnswer(w, body, jsonOut)
	s.completeHTTPTask(r.URL.Query().Get("task_id"))
}
