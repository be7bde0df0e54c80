package sim

import (
	"sort"
	"time"
)

// Message names and priorities from ocaml/xapi-consts/api_messages.ml
// (1 = data loss imminent ... 5 = informational).
const (
	msgHAHostFailed         = "HA_HOST_FAILED"         // priority 3, cls Host
	msgHAHostWasFenced      = "HA_HOST_WAS_FENCED"     // priority 4
	msgVMStarted            = "VM_STARTED"             // priority 5, cls VM
	msgVMMigrated           = "VM_MIGRATED"            // priority 5
	msgPoolMasterTransition = "POOL_MASTER_TRANSITION" // priority 4
	msgHAPoolOvercommitted  = "HA_POOL_OVERCOMMITTED"  // priority 3
)

var messagePriority = map[string]int64{
	msgHAHostFailed: 3, msgHAHostWasFenced: 4, msgVMStarted: 5, msgVMMigrated: 5,
	msgPoolMasterTransition: 4, msgHAPoolOvercommitted: 3,
}

// addMessage records an alert the way Xapi_message.create does
// (ocaml/xapi/xapi_message.ml): name, uuid, priority, cls (VM | Host | SR |
// Pool | ...), obj_uuid, timestamp, body. Messages are not database rows but
// still reach event.from as class "message" add events.
func (s *Server) addMessage(name, cls, objUUID, body string, at time.Time) string {
	uuid := s.st.newUUID()
	ref := "OpaqueRef:" + s.st.newUUID()
	rec := Record{"uuid": uuid, "name": name, "priority": messagePriority[name], "cls": cls, "obj_uuid": objUUID, "timestamp": DateTime(at), "body": body}
	s.st.messages[ref] = rec
	s.st.messageOrder = append(s.st.messageOrder, ref)
	s.st.log("message", "add", ref, rec, at)
	return ref
}

func (s *Server) messageGetAllRecords(_ *session, args []any) (any, *XapiError) {
	if len(args) != 0 {
		return nil, xerr(errMessageParameterCountMismatch, "message.get_all_records", "1", itoa(len(args)+1))
	}
	out := make(map[string]any, len(s.st.messages))
	for ref, rec := range s.st.messages {
		out[ref] = copyRecord(rec)
	}
	return out, nil
}

func (s *Server) messageGetAll(_ *session, args []any) (any, *XapiError) {
	return anySlice(s.st.messageOrder), nil
}

func (s *Server) messageGetRecord(_ *session, args []any) (any, *XapiError) {
	if len(args) != 1 {
		return nil, xerr(errMessageParameterCountMismatch, "message.get_record", "2", itoa(len(args)+1))
	}
	ref, _ := args[0].(string)
	rec, ok := s.st.messages[ref]
	if !ok {
		return nil, xerr(errHandleInvalid, "message", ref)
	}
	return copyRecord(rec), nil
}

// messageGetSince returns the messages strictly newer than the datetime
// (message.get_since in ocaml/xapi/xapi_message.ml).
func (s *Server) messageGetSince(_ *session, args []any) (any, *XapiError) {
	if len(args) != 1 {
		return nil, xerr(errMessageParameterCountMismatch, "message.get_since", "2", itoa(len(args)+1))
	}
	var since time.Time
	switch v := args[0].(type) {
	case DateTime:
		since = time.Time(v)
	case string:
		t, ok := parseDateTime(v)
		if !ok {
			return nil, xerr(errFieldTypeError, "since")
		}
		since = t
	default:
		return nil, xerr(errFieldTypeError, "since")
	}
	out := map[string]any{}
	for ref, rec := range s.st.messages {
		if time.Time(rec["timestamp"].(DateTime)).After(since) {
			out[ref] = copyRecord(rec)
		}
	}
	return out, nil
}

// Messages returns every message, oldest first (for tests).
func (s *Server) Messages() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, 0, len(s.st.messageOrder))
	for _, ref := range s.st.messageOrder {
		out = append(out, copyRecord(s.st.messages[ref]))
	}
	sort.SliceStable(out, func(i, j int) bool {
		return time.Time(out[i]["timestamp"].(DateTime)).Before(time.Time(out[j]["timestamp"].(DateTime)))
	})
	return out
}
