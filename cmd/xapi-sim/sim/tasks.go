package sim

import (
	"bytes"
	"time"
)

// Task records follow ocaml/idl/datamodel.ml (class task): status is
// pending | success | failure | cancelling | cancelled, progress 0..1,
// result is an XML-RPC value as text ("" for void), error_info the error
// code and params. An unset "finished" is the epoch, as xapi prints it.
func (s *Server) newTask(label, desc string, at time.Time) string {
	return s.st.add("task", Record{
		"name_label": label, "name_description": desc, "allowed_operations": []any{"cancel"}, "current_operations": map[string]any{},
		"created": DateTime(at), "finished": DateTime(time.Unix(0, 0)), "status": "pending", "resident_on": s.hosts[s.masterIdx].Ref,
		"progress": 0.0, "type": "<none/>", "result": "", "error_info": []any{}, "other_config": map[string]any{},
		"subtask_of": nullRef, "subtasks": []any{}, "backtrace": "()",
	}, at)
}

// finishTask completes a task; result is the XML-RPC encoding of the value.
func (s *Server) finishTask(ref string, at time.Time, result string, fail *XapiError) {
	rec, ok := s.st.get("task", ref)
	if !ok || rec["status"] != "pending" {
		return
	}
	if fail != nil {
		info := []any{fail.Code}
		for _, p := range fail.Params {
			info = append(info, p)
		}
		s.st.set(ref, at, "status", "failure", "progress", 1.0, "finished", DateTime(at), "error_info", info, "allowed_operations", []any{})
	} else {
		s.st.set(ref, at, "status", "success", "progress", 1.0, "finished", DateTime(at), "result", result, "allowed_operations", []any{})
	}
	// Forget finished tasks after an hour so long runs keep a small table.
	s.actions.at(at.Add(time.Hour), func(at time.Time) { s.st.remove(ref, at) })
}

// taskResultOf encodes a value the way task.result carries it: an XML-RPC
// <value>, which the xen-api client parses (packages/xen-api/_getTaskResult.mjs).
func taskResultOf(v any) string {
	if s, ok := v.(string); ok && s == "" {
		return ""
	}
	var b bytes.Buffer
	writeXMLValue(&b, v)
	return b.String()
}

// runAsync runs a call as Async.*: it returns a task at once. Calls that
// schedule their own completion (VM.pool_migrate) finish the task later;
// every other call completes it now.
func (s *Server) runAsync(method string, run func() (any, *XapiError)) (any, *XapiError) {
	task := s.newTask("Async."+method, "", s.now)
	s.pendingAsyncTask = task
	v, xe := run()
	s.pendingAsyncTask = ""
	if d, ok := v.(deferred); ok {
		return task, d.err
	}
	s.finishTask(task, s.now, taskResultOf(v), xe)
	return task, nil
}

// deferred is returned by handlers whose async task completes later.
type deferred struct{ err *XapiError }

func (s *Server) taskCreate(_ *session, args []any) (any, *XapiError) {
	if len(args) != 2 {
		return nil, xerr(errMessageParameterCountMismatch, "task.create", "3", itoa(len(args)+1))
	}
	label, _ := args[0].(string)
	desc, _ := args[1].(string)
	return s.newTask(label, desc, s.now), nil
}

func (s *Server) taskDestroy(_ *session, args []any) (any, *XapiError) {
	ref, _, xe := s.refArg(args, 0, "task")
	if xe != nil {
		return nil, xe
	}
	s.st.remove(ref, s.now)
	return "", nil
}

func (s *Server) taskCancel(_ *session, args []any) (any, *XapiError) {
	ref, rec, xe := s.refArg(args, 0, "task")
	if xe != nil {
		return nil, xe
	}
	if rec["status"] == "pending" {
		s.st.set(ref, s.now, "status", "cancelled", "finished", DateTime(s.now))
	}
	return "", nil
}

// completeHTTPTask marks the task a client passed as task_id to an HTTP
// handler as done, as xapi's HTTP handlers do when they finish, so the
// xen-api client's getResource sees its task settle.
func (s *Server) completeHTTPTask(ref string) {
	if ref == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finishTask(ref, s.now, "", nil)
}
