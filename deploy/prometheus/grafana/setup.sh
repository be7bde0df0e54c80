#!/bin/sh
# Adds the Prometheus datasource and the generated Prometheus dashboard to Grafana through
# its HTTP API (data source API, dashboard API). docker compose runs it once, in the
# `prometheus` profile only: a provisioning file in provisioning/datasources would give
# the default `docker compose up` a datasource pointing at a Prometheus that does not run.
#
# Environment: GRAFANA_URL, GRAFANA_USER, GRAFANA_PASSWORD, PROMETHEUS_URL,
# DASHBOARD (path of deploy/prometheus/dashboards/xenbench-prometheus.json).
# Idempotent: an existing datasource (same uid) is updated, the dashboard overwritten.
set -eu

: "${GRAFANA_URL:?}" "${GRAFANA_USER:?}" "${GRAFANA_PASSWORD:?}" "${PROMETHEUS_URL:?}" "${DASHBOARD:?}"
# The dashboard's datasource variable defaults to this uid (pkg/promdash).
DATASOURCE_UID=xenbench-prometheus
TRIES=${GRAFANA_WAIT_TRIES:-150}

# The credentials go to curl in a config file, not on its command line (ps shows that).
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quote() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
printf 'user = "%s:%s"\n' "$(quote "$GRAFANA_USER")" "$(quote "$GRAFANA_PASSWORD")" >"$work/auth"

# Waits for Grafana's health endpoint (its database is up once it answers 200).
i=0
until curl -fsS -o /dev/null "$GRAFANA_URL/api/health"; do
  i=$((i + 1))
  if [ "$i" -ge "$TRIES" ]; then
    echo "grafana-setup: Grafana at $GRAFANA_URL not healthy after $TRIES tries" >&2
    exit 1
  fi
  sleep 2
done

# api METHOD PATH BODYFILE: prints the HTTP status; the answer goes to $work/answer.
api() {
  curl -sS -K "$work/auth" -o "$work/answer" -w '%{http_code}' -X "$1" \
    -H 'Content-Type: application/json' --data-binary "@$3" "$GRAFANA_URL$2"
}

cat >"$work/datasource.json" <<JSON
{"uid": "$DATASOURCE_UID", "name": "Prometheus (xenbench)", "type": "prometheus", "access": "proxy",
 "url": "$PROMETHEUS_URL", "jsonData": {"httpMethod": "POST", "timeInterval": "5s"}}
JSON
status=$(api POST /api/datasources "$work/datasource.json")
if [ "$status" = 409 ]; then
  status=$(api PUT "/api/datasources/uid/$DATASOURCE_UID" "$work/datasource.json")
fi
case "$status" in
2??) echo "grafana-setup: datasource $DATASOURCE_UID -> $PROMETHEUS_URL" ;;
*)
  echo "grafana-setup: datasource: HTTP $status: $(cat "$work/answer")" >&2
  exit 1
  ;;
esac

{
  printf '{"overwrite": true, "message": "docker compose --profile prometheus", "dashboard": '
  cat "$DASHBOARD"
  printf '}'
} >"$work/dashboard.json"
status=$(api POST /api/dashboards/db "$work/dashboard.json")
case "$status" in
2??) echo "grafana-setup: dashboard $(cat "$work/answer")" ;;
*)
  echo "grafana-setup: dashboard: HTTP $status: $(cat "$work/answer")" >&2
  exit 1
  ;;
esac
