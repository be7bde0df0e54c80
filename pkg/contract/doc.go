// Package contract is the one source of the data contract between the Go back end and
// the TypeScript front end: the query types and the fields each one reads, the values
// those fields take and the defaults the back end applies, the frame field and label
// names, and the platform values.
//
// The TypeScript side, src/datasource/contract.gen.ts, is generated from this package
// by cmd/gen-contract:
//
//	go generate ./pkg/contract
//
// TestGeneratedTypeScriptIsCurrent (cmd/gen-contract) fails when the generated file is
// stale. Conventions the generator relies on: each enumeration is a type with its
// values declared as constants of that type, named after it (FormatTable, PlatformNative,
// LabelServer), and listed in its slice of Values; doc comments become the TS comments.
package contract

//go:generate go run ../../cmd/gen-contract
