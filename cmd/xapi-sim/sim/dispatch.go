package sim

import (
	"sort"
	"strings"
)

// dispatch runs one XAPI call for the host at index host. Caller holds s.mu
// except for event.from, which dispatch handles by releasing the lock while
// it waits. Results are copies, safe to encode after the lock is released.
func (s *Server) dispatch(host int, c rpcCall) (any, *XapiError) {
	method := c.Method
	async := false
	if rest, ok := strings.CutPrefix(method, "Async."); ok {
		method, async = rest, true
	}
	switch method {
	case "session.login_with_password":
		return s.login(host, c.Params)
	case "system.listMethods":
		return s.listMethods(), nil
	}
	if len(c.Params) == 0 {
		return nil, xerr(errMessageParameterCountMismatch, method, "1", "0")
	}
	se, xe := s.checkSession(c.Params[0])
	if xe != nil {
		return nil, xe
	}
	args := c.Params[1:]
	if h, ok := s.methodTable[method]; ok {
		if async {
			return s.runAsync(method, func() (any, *XapiError) { return h(se, args) })
		}
		return h(se, args)
	}
	if async {
		return nil, xerr(errMessageMethodUnknown, c.Method)
	}
	return s.genericCall(method, args)
}

type handler func(se *session, args []any) (any, *XapiError)

// methods are the calls with behaviour beyond reading records.
func (s *Server) methods() map[string]handler {
	return map[string]handler{
		"session.logout":            s.logout,
		"session.get_this_host":     s.sessionThisHost,
		"session.get_this_user":     func(se *session, _ []any) (any, *XapiError) { return se.user, nil },
		"host.get_servertime":       s.hostServertime,
		"host.get_server_localtime": s.hostServertime,
		"VM.pool_migrate":           s.vmPoolMigrate,
		"event.from":                s.eventFrom,
		"event.inject":              s.eventInject,
		"task.create":               s.taskCreate,
		"task.destroy":              s.taskDestroy,
		"task.cancel":               s.taskCancel,
		"message.get_all_records":   s.messageGetAllRecords,
		"message.get_all":           s.messageGetAll,
		"message.get_record":        s.messageGetRecord,
		"message.get_since":         s.messageGetSince,
		"pool.designate_new_master": s.poolDesignateNewMaster,
	}
}

// classOf finds the API class of a method prefix ("vm" is not "VM": xapi
// method names are case-sensitive).
func classOf(prefix string) (string, bool) {
	for _, c := range apiClasses {
		if c == prefix && c != "message" {
			return c, true
		}
	}
	return "", false
}

// genericCall serves the read accessors every class has:
// get_all, get_all_records, get_record, get_by_uuid, get_by_name_label,
// get_<field> (ocaml/idl/datamodel_utils.ml generates them per field).
func (s *Server) genericCall(method string, args []any) (any, *XapiError) {
	dot := strings.IndexByte(method, '.')
	if dot < 0 {
		return nil, xerr(errMessageMethodUnknown, method)
	}
	class, ok := classOf(method[:dot])
	if !ok {
		return nil, xerr(errMessageMethodUnknown, method)
	}
	op := method[dot+1:]
	table := s.st.tables[class]
	want := func(n int) *XapiError {
		if len(args) != n {
			return xerr(errMessageParameterCountMismatch, method, itoa(n+1), itoa(len(args)+1))
		}
		return nil
	}
	switch op {
	case "get_all":
		if e := want(0); e != nil {
			return nil, e
		}
		return anySlice(s.st.refsOf(class)), nil
	case "get_all_records":
		if e := want(0); e != nil {
			return nil, e
		}
		out := make(map[string]any, len(table))
		for ref, rec := range table {
			out[ref] = copyRecord(rec)
		}
		return out, nil
	case "get_by_uuid":
		if e := want(1); e != nil {
			return nil, e
		}
		uuid, _ := args[0].(string)
		ref, ok := s.st.byUUID[uuid]
		if !ok || s.st.refClass[ref] != class {
			return nil, xerr(errUUIDInvalid, class, uuid)
		}
		return ref, nil
	case "get_by_name_label":
		if e := want(1); e != nil {
			return nil, e
		}
		label, _ := args[0].(string)
		out := []any{}
		for _, ref := range s.st.refsOf(class) {
			if table[ref]["name_label"] == label {
				out = append(out, ref)
			}
		}
		return out, nil
	}
	field, isGetter := strings.CutPrefix(op, "get_")
	if !isGetter {
		return nil, xerr(errMessageMethodUnknown, method)
	}
	if e := want(1); e != nil {
		return nil, e
	}
	ref, _ := args[0].(string)
	rec, ok := table[ref]
	if !ok {
		return nil, xerr(errHandleInvalid, class, ref)
	}
	if field == "record" {
		return copyRecord(rec), nil
	}
	v, ok := rec[field]
	if !ok {
		return nil, xerr(errMessageMethodUnknown, method)
	}
	return copyValue(v), nil
}

// listMethods is system.listMethods: the xen-api client keeps the classes
// that have X.get_all_records (vatesfr/xen-orchestra
// packages/xen-api/index.mjs _sessionOpen).
func (s *Server) listMethods() []any {
	var names []string
	for _, c := range apiClasses {
		for _, op := range []string{"get_all", "get_all_records", "get_record", "get_by_uuid"} {
			names = append(names, c+"."+op)
		}
	}
	for m := range s.methodTable {
		names = append(names, m)
	}
	names = append(names, "session.login_with_password", "system.listMethods", "Async.VM.pool_migrate")
	sort.Strings(names)
	return anySlice(names)
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (s *Server) logout(se *session, _ []any) (any, *XapiError) {
	delete(s.sessions, se.ref)
	return "", nil
}

func (s *Server) sessionThisHost(se *session, _ []any) (any, *XapiError) {
	return s.hosts[se.host].Ref, nil
}

func (s *Server) hostServertime(_ *session, args []any) (any, *XapiError) {
	if len(args) != 1 {
		return nil, xerr(errMessageParameterCountMismatch, "host.get_servertime", "2", itoa(len(args)+1))
	}
	ref, _ := args[0].(string)
	if _, ok := s.st.get("host", ref); !ok {
		return nil, xerr(errHandleInvalid, "host", ref)
	}
	return DateTime(s.now), nil
}

// refArg checks that args[i] is a ref of class.
func (s *Server) refArg(args []any, i int, class string) (string, Record, *XapiError) {
	if i >= len(args) {
		return "", nil, xerr(errMessageParameterCountMismatch, class, itoa(i+2), itoa(len(args)+1))
	}
	ref, _ := args[i].(string)
	rec, ok := s.st.get(class, ref)
	if !ok {
		return "", nil, xerr(errHandleInvalid, class, ref)
	}
	return ref, rec, nil
}
