package sim

import "strings"

// XapiError is an XAPI API error: a code such as SESSION_INVALID and its
// string parameters. On the wire it becomes the JSON-RPC error object
// {code, message: Code, data: Params} (v2.0), the string array [Code,
// Params...] (v1.0), or an XML-RPC ErrorDescription array
// (doc/content/xen-api/wire-protocol.md, "Return Values").
type XapiError struct {
	Code   string
	Params []string
}

func (e *XapiError) Error() string {
	return e.Code + "(" + strings.Join(e.Params, ", ") + ")"
}

// Error codes used by the simulator, spelled as in
// ocaml/xapi-consts/api_errors.ml.
const (
	errSessionAuthenticationFailed   = "SESSION_AUTHENTICATION_FAILED"
	errSessionInvalid                = "SESSION_INVALID"
	errHostIsSlave                   = "HOST_IS_SLAVE"
	errHandleInvalid                 = "HANDLE_INVALID"
	errMessageMethodUnknown          = "MESSAGE_METHOD_UNKNOWN"
	errMessageParameterCountMismatch = "MESSAGE_PARAMETER_COUNT_MISMATCH"
	errFieldTypeError                = "FIELD_TYPE_ERROR"
	errUUIDInvalid                   = "UUID_INVALID"
	errEventFromTokenParseFailure    = "EVENT_FROM_TOKEN_PARSE_FAILURE"
	errEventsLost                    = "EVENTS_LOST"
	errHostOffline                   = "HOST_OFFLINE"
	errVMBadPowerState               = "VM_BAD_POWER_STATE"
	errHostNotLive                   = "HOST_NOT_LIVE"
	errOperationNotAllowed           = "OPERATION_NOT_ALLOWED"
	errInternalError                 = "INTERNAL_ERROR"
)

func xerr(code string, params ...string) *XapiError {
	if params == nil {
		params = []string{}
	}
	return &XapiError{Code: code, Params: params}
}
