package xapi

import (
	"errors"
	"strings"
)

// Error is a failure reported by XAPI itself: an error code and its parameters, as in
// JSON-RPC 2.0 {"error":{"message":"SESSION_INVALID","data":[...]}} or JSON-RPC 1.0 /
// XML-RPC ErrorDescription ["SESSION_INVALID", ...] (xapi-project/xen-api
// doc/content/xen-api/wire-protocol.md). Codes are listed in
// ocaml/xapi-consts/api_errors.ml.
//
// errors.Is(err, ErrSessionInvalid) matches any *Error with that code.
type Error struct {
	Code   string
	Params []string
}

func (e *Error) Error() string {
	if len(e.Params) == 0 || e.Code == codeSessionInvalid {
		// SESSION_INVALID's parameter is the session ref itself: never print it.
		return "XAPI error " + e.Code
	}
	return "XAPI error " + e.Code + " [" + strings.Join(e.Params, ", ") + "]"
}

// Is makes the sentinels below match any error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && len(t.Params) == 0
}

const (
	codeSessionInvalid    = "SESSION_INVALID"
	codeHostIsSlave       = "HOST_IS_SLAVE"
	codeAuthFailed        = "SESSION_AUTHENTICATION_FAILED"
	codeMessageMethod     = "MESSAGE_METHOD_UNKNOWN"
	codeEventsLost        = "EVENTS_LOST"
	codePermissionDenied  = "RBAC_PERMISSION_DENIED"
	codeHostStillBooting  = "HOST_STILL_BOOTING"
	codeHandleInvalid     = "HANDLE_INVALID"
	codeUUIDInvalid       = "UUID_INVALID"
	codeMessageParamCount = "MESSAGE_PARAMETER_COUNT_MISMATCH"
)

// Sentinels for the XAPI error codes callers act on (ocaml/xapi-consts/api_errors.ml).
var (
	ErrSessionInvalid     = &Error{Code: codeSessionInvalid}
	ErrHostIsSlave        = &Error{Code: codeHostIsSlave}
	ErrAuthFailed         = &Error{Code: codeAuthFailed}
	ErrMethodUnknown      = &Error{Code: codeMessageMethod}
	ErrEventsLost         = &Error{Code: codeEventsLost}
	ErrPermissionDenied   = &Error{Code: codePermissionDenied}
	ErrHostStillBooting   = &Error{Code: codeHostStillBooting}
	ErrHandleInvalid      = &Error{Code: codeHandleInvalid}
	ErrUUIDInvalid        = &Error{Code: codeUUIDInvalid}
	ErrParamCountMismatch = &Error{Code: codeMessageParamCount}
)

// Failure categories of transport-level errors. A classified error wraps one of these
// and the underlying error, so errors.Is works for both.
var (
	// ErrUnreachable: nothing answered (connection refused, no route, DNS failure).
	ErrUnreachable = errors.New("XAPI host unreachable")
	// ErrTimeout: the host did not answer within the configured timeout.
	ErrTimeout = errors.New("XAPI request timed out")
	// ErrTLS: the TLS handshake failed (unknown authority, wrong host name, ...).
	ErrTLS = errors.New("TLS handshake with XAPI failed")
	// ErrNotXAPI: the URL answers, but not as XAPI does (HTML page, 404, proxy).
	ErrNotXAPI = errors.New("not a XAPI endpoint")
	// ErrResponseTooLarge: a body exceeded the configured size limit.
	ErrResponseTooLarge = errors.New("XAPI response too large")
	// ErrBadResponse: the body is not valid JSON-RPC / XML-RPC.
	ErrBadResponse = errors.New("malformed XAPI response")
	// ErrHTTPStatus: an unexpected HTTP status.
	ErrHTTPStatus = errors.New("unexpected HTTP status from XAPI")
	// ErrClosed: the client was closed (datasource disposed).
	ErrClosed = errors.New("XAPI client closed")
)

// classifiedError is a transport failure with a message meant for the Grafana user:
// what went wrong, where, and what to change. It unwraps to its category and cause.
type classifiedError struct {
	msg   string
	kind  error
	cause error
}

func (e *classifiedError) Error() string   { return e.msg }
func (e *classifiedError) Unwrap() []error { return []error{e.kind, e.cause} }

// scrubber removes secrets from error texts. Every error that leaves the client passes
// through it, so a session ref or password echoed by a server, a URL or a library never
// reaches a panel or a log line.
type scrubber struct{ secrets []string }

func (s scrubber) clean(text string) string {
	for _, secret := range s.secrets {
		if secret != "" {
			text = strings.ReplaceAll(text, secret, "<redacted>")
		}
	}
	return text
}
