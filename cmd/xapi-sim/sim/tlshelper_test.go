package sim

import "crypto/tls"

func tlsConfigFor(s *Server) *tls.Config {
	return &tls.Config{RootCAs: s.CertificatePool(), MinVersion: tls.VersionTLS12}
}
