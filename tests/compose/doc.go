// Package compose checks docker-compose.yml and .config/Dockerfile statically: there
// is no Docker engine on the build machines, so the tests load the compose file with
// the compose-spec reference loader (github.com/compose-spec/compose-go/v2) and read
// the Dockerfile's instructions (https://docs.docker.com/reference/dockerfile/).
package compose
