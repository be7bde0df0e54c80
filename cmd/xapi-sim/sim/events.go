package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxEventWait caps how long event.from blocks (xapi clients ask for 60 s;
// the xen-api client's HTTP timeout is 66 s).
const maxEventWait = 65 * time.Second

// eventToken prints a token as ocaml/xapi/xapi_event.ml Token.to_string:
// two zero-padded 20-digit numbers so tokens compare as strings.
func eventToken(gen int64) string { return fmt.Sprintf("%020d,%020d", gen, 0) }

func parseEventToken(tok string) (int64, bool) {
	if tok == "" {
		return 0, true
	}
	a, b, ok := strings.Cut(tok, ",")
	if !ok {
		return 0, false
	}
	gen, err1 := strconv.ParseInt(a, 10, 64)
	_, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return gen, true
}

// eventFrom implements event.from(session, classes, token, timeout): it
// returns {events, valid_ref_counts, token} as soon as an event newer than
// token matches, or empty after timeout (ocaml/xapi/xapi_event.ml from,
// ocaml/xapi-types/event_types.ml rpc_of_event_from). Classes are lower
// case names, "*" for all, or "class/ref" for one object. Called with s.mu
// held; releases it while waiting.
func (s *Server) eventFrom(_ *session, args []any) (any, *XapiError) {
	if len(args) != 3 {
		return nil, xerr(errMessageParameterCountMismatch, "event.from", "4", itoa(len(args)+1))
	}
	rawClasses, ok := args[0].([]any)
	if !ok {
		return nil, xerr(errFieldTypeError, "classes")
	}
	subs := make([]string, 0, len(rawClasses))
	for _, c := range rawClasses {
		cs, _ := c.(string)
		subs = append(subs, strings.ToLower(cs))
	}
	tok, _ := args[1].(string)
	from, ok := parseEventToken(tok)
	if !ok {
		return nil, xerr(errEventFromTokenParseFailure, tok)
	}
	var timeout time.Duration
	switch t := args[2].(type) {
	case float64:
		timeout = time.Duration(t * float64(time.Second))
	case int64:
		timeout = time.Duration(t) * time.Second
	default:
		return nil, xerr(errFieldTypeError, "timeout")
	}
	timeout = min(max(timeout, 0), maxEventWait)
	if tok == "" {
		// From the beginning: every current object as an "add", whatever
		// the log still holds (xapi answers an empty token from the
		// database itself, so old history is never "lost" here).
		return Record{"events": s.currentObjects(subs), "valid_ref_counts": s.st.validRefCounts(), "token": eventToken(s.st.gen)}, nil
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		if from < s.st.lost {
			return nil, xerr(errEventsLost)
		}
		var evs []any
		last := s.st.gen
		for _, e := range s.st.events {
			if e.ID <= from || !subscribed(subs, e) {
				continue
			}
			evs = append(evs, eventRecord(e))
		}
		if len(evs) > 0 {
			return Record{"events": evs, "valid_ref_counts": s.st.validRefCounts(), "token": eventToken(last)}, nil
		}
		wake := s.st.wake
		s.mu.Unlock()
		var timedOut, closing bool
		select {
		case <-wake:
		case <-deadline.C:
			timedOut = true
		case <-s.closing:
			closing = true
		}
		s.mu.Lock()
		if closing {
			return nil, xerr(errInternalError, "server shutting down")
		}
		if timedOut {
			return Record{"events": []any{}, "valid_ref_counts": s.st.validRefCounts(), "token": eventToken(s.st.gen)}, nil
		}
	}
}

func subscribed(subs []string, e event) bool {
	for _, sub := range subs {
		if sub == "*" || sub == e.Class {
			return true
		}
		if cls, ref, ok := strings.Cut(sub, "/"); ok && cls == e.Class && strings.EqualFold(ref, e.Ref) {
			return true
		}
	}
	return false
}

// eventRecord shapes one event; xapi's event.from sends timestamp "0.0" for
// database events (xapi_event.ml event_of) and no snapshot on "del".
func eventRecord(e event) Record {
	r := Record{"id": strconv.FormatInt(e.ID, 10), "timestamp": "0.0", "class": e.Class, "operation": e.Op, "ref": e.Ref}
	if e.Snapshot != nil {
		r["snapshot"] = e.Snapshot
	}
	return r
}

// eventInject implements event.inject(session, class, ref): it touches the
// row and returns a token just before that touch, so the caller's next
// event.from sees it (xapi_event.ml inject).
func (s *Server) eventInject(_ *session, args []any) (any, *XapiError) {
	if len(args) != 2 {
		return nil, xerr(errMessageParameterCountMismatch, "event.inject", "3", itoa(len(args)+1))
	}
	class, _ := args[0].(string)
	ref, _ := args[1].(string)
	if _, ok := s.st.get(class, ref); !ok {
		return nil, xerr(errHandleInvalid, class, ref)
	}
	tok := eventToken(s.st.gen)
	s.st.set(ref, s.now)
	return tok, nil
}

// currentObjects lists every subscribed object as an "add" event.
func (s *Server) currentObjects(subs []string) []any {
	out := []any{}
	for _, class := range apiClasses {
		lc := strings.ToLower(class)
		if class == "message" {
			for _, ref := range s.st.messageOrder {
				if subscribed(subs, event{Class: lc, Ref: ref}) {
					out = append(out, eventRecord(event{ID: s.st.gen, Class: lc, Op: "add", Ref: ref, Snapshot: copyRecord(s.st.messages[ref])}))
				}
			}
			continue
		}
		for _, ref := range s.st.refsOf(class) {
			if subscribed(subs, event{Class: lc, Ref: ref}) {
				out = append(out, eventRecord(event{ID: s.st.gen, Class: lc, Op: "add", Ref: ref, Snapshot: copyRecord(s.st.tables[class][ref])}))
			}
		}
	}
	return out
}
