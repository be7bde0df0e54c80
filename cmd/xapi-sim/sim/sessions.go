package sim

import (
	"crypto/subtle"
	"sort"
	"time"
)

// session is an XAPI login. Refs are random (from the seeded generator)
// and never logged.
type session struct {
	ref        string
	user       string
	originator string
	host       int
	created    time.Time
	lastActive time.Time
}

// login implements session.login_with_password
// (ocaml/xapi/xapi_session.ml): a slave refuses with HOST_IS_SLAVE carrying
// the master's address; bad credentials give SESSION_AUTHENTICATION_FAILED
// [user, reason]. Past MaxSessions the oldest session is invalidated ("after
// this we start to invalidate older sessions", ocaml/xapi/xapi_globs.ml).
func (s *Server) login(host int, params []any) (any, *XapiError) {
	if len(params) < 2 || len(params) > 4 {
		return nil, xerr(errMessageParameterCountMismatch, "session.login_with_password", "4", itoa(len(params)))
	}
	user, ok1 := params[0].(string)
	pass, ok2 := params[1].(string)
	if !ok1 || !ok2 {
		return nil, xerr(errFieldTypeError, "uname")
	}
	if host != s.masterIdx {
		return nil, xerr(errHostIsSlave, s.hosts[s.masterIdx].Address)
	}
	userOK := subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.User)) == 1
	passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(s.opts.Password)) == 1
	if !userOK || !passOK {
		return nil, xerr(errSessionAuthenticationFailed, user, "Authentication failure")
	}
	originator := ""
	if len(params) == 4 {
		originator, _ = params[3].(string)
	}
	if len(s.sessions) >= s.opts.MaxSessions {
		s.evictOldestSession()
	}
	ref := "OpaqueRef:" + s.st.newUUID()
	s.sessions[ref] = &session{ref: ref, user: user, originator: originator, host: host, created: s.now, lastActive: s.now}
	return ref, nil
}

func (s *Server) evictOldestSession() {
	all := make([]*session, 0, len(s.sessions))
	for _, se := range s.sessions {
		all = append(all, se)
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].lastActive.Equal(all[j].lastActive) {
			return all[i].lastActive.Before(all[j].lastActive)
		}
		return all[i].ref < all[j].ref
	})
	delete(s.sessions, all[0].ref)
}

// checkSession validates the session argument of a call.
func (s *Server) checkSession(v any) (*session, *XapiError) {
	ref, _ := v.(string)
	se, ok := s.sessions[ref]
	if !ok {
		return nil, xerr(errSessionInvalid, ref)
	}
	se.lastActive = s.now
	return se, nil
}

// checkSessionRef is checkSession for HTTP handlers.
func (s *Server) checkSessionRef(ref string) bool {
	_, err := s.checkSession(ref)
	return err == nil
}

// expireSessions drops sessions idle longer than SessionTTL (simulated
// time), like xapi's inactive_session_timeout.
func (s *Server) expireSessions(now time.Time) {
	for ref, se := range s.sessions {
		if now.Sub(se.lastActive) > s.opts.SessionTTL {
			delete(s.sessions, ref)
		}
	}
}

// ExpireSessions invalidates every session now (the "session expiry" fault):
// the next call with an old session gets SESSION_INVALID.
func (s *Server) ExpireSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.sessions)
	s.sessions = map[string]*session{}
	return n
}

// SessionCount is the number of live sessions.
func (s *Server) SessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
