package main

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
	"strings"
)

// requiredPlatforms are the GOOS_GOARCH pairs the bundle ships a back end for
// (linux amd64/arm64, darwin amd64/arm64, windows amd64; Intel Macs still run
// Grafana, issue 11). Grafana starts
// <executable>_<GOOS>_<GOARCH>[.exe] (plugin.schema.json, "executable").
var requiredPlatforms = []string{"linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64"}

// binaryFileName returns the file Grafana looks for on a platform such as linux_amd64.
func binaryFileName(executable, platform string) string {
	name := executable + "_" + platform
	if strings.HasPrefix(platform, "windows_") {
		name += ".exe"
	}
	return name
}

// platformOfName extracts "linux_amd64" from "gpx_x_linux_amd64", or "" when the
// name is not <base>_<goos>_<goarch>[.exe].
func platformOfName(base, name string) string {
	rest, ok := strings.CutPrefix(name, base+"_")
	if !ok {
		return ""
	}
	rest = strings.TrimSuffix(rest, ".exe")
	if strings.Count(rest, "_") != 1 {
		return ""
	}
	return rest
}

// binaryPlatform reads the executable header of data and returns its GOOS_GOARCH
// (for the platforms we build), or an error saying what the file is instead. It
// reads only headers: debug/elf, debug/macho and debug/pe from the standard library.
func binaryPlatform(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte(elf.ELFMAG)):
		f, err := elf.NewFile(bytes.NewReader(data))
		if err != nil {
			return "", fmt.Errorf("unreadable ELF header: %w", err)
		}
		switch f.Machine {
		case elf.EM_X86_64:
			return "linux_amd64", nil
		case elf.EM_AARCH64:
			return "linux_arm64", nil
		}
		return "", fmt.Errorf("ELF executable for machine %v", f.Machine)
	case bytes.HasPrefix(data, []byte("MZ")):
		f, err := pe.NewFile(bytes.NewReader(data))
		if err != nil {
			return "", fmt.Errorf("unreadable PE header: %w", err)
		}
		switch f.Machine {
		case pe.IMAGE_FILE_MACHINE_AMD64:
			return "windows_amd64", nil
		case pe.IMAGE_FILE_MACHINE_ARM64:
			return "windows_arm64", nil
		}
		return "", fmt.Errorf("PE executable for machine %#x", f.Machine)
	case isMachO(data):
		f, err := macho.NewFile(bytes.NewReader(data))
		if err != nil {
			return "", fmt.Errorf("unreadable Mach-O header: %w", err)
		}
		switch f.Cpu {
		case macho.CpuArm64:
			return "darwin_arm64", nil
		case macho.CpuAmd64:
			return "darwin_amd64", nil
		}
		return "", fmt.Errorf("Mach-O executable for CPU %v", f.Cpu)
	}
	return "", fmt.Errorf("not an executable (no ELF, PE or Mach-O header)")
}

// isMachO recognises 64-bit Mach-O files in either byte order.
func isMachO(data []byte) bool {
	if len(data) < 4 {
		return false
	}
	le := uint32(data[0]) | uint32(data[1])<<8 | uint32(data[2])<<16 | uint32(data[3])<<24
	be := uint32(data[3]) | uint32(data[2])<<8 | uint32(data[1])<<16 | uint32(data[0])<<24
	return le == macho.Magic64 || be == macho.Magic64 || le == macho.Magic32 || be == macho.Magic32
}

// looksExecutable reports whether data starts like a native executable.
func looksExecutable(data []byte) bool {
	return bytes.HasPrefix(data, []byte(elf.ELFMAG)) || bytes.HasPrefix(data, []byte("MZ")) || isMachO(data)
}
