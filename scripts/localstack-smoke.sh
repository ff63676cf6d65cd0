#!/usr/bin/env bash
# Sends one alert to the LocalStack deployment, waits until its incident ends (RESOLVED passes), and
# prints the execution history. Run scripts/localstack-up.sh first. Each run restarts the buggy app: the
# target allows 3 restarts per 30 minutes with 30 s between them (scripts/localstack/targets.json), so a
# fourth run within the half hour, or a run within 30 s of the last, ends ESCALATED by design.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
access="$root/.aegis/localstack-access.json"
[ -f "$access" ] || { echo "no $access: run scripts/localstack-up.sh first" >&2; exit 1; }
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=${AWS_REGION:-us-east-1}
export AWS_DEFAULT_REGION=$AWS_REGION
read_access() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$access" "$1"; }
api=$(read_access api)
webhook_token=$(read_access webhookToken)
approver_token=$(read_access approverToken)
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "==> POST $api/alerts"
response=$(curl -sS --fail-with-body -X POST "$api/alerts" -H "Authorization: Bearer $webhook_token" -H 'Content-Type: application/json' -d @- <<JSON
{"incident_id": "smoke-$(date +%s)", "service": "buggy-app", "container_name": "buggy-app",
 "alert_type": "HighMemoryUsage", "severity": "CRITICAL",
 "logs": "java.lang.OutOfMemoryError: Java heap space", "timestamp": "$now"}
JSON
)
echo "$response"
incident=$(echo "$response" | python3 -c 'import json,sys; print(json.load(sys.stdin)["incidentId"])')
execution=$(echo "$response" | python3 -c 'import json,sys; print(json.load(sys.stdin)["executionArn"])')

deadline=$(( $(date +%s) + ${SMOKE_TIMEOUT_SECONDS:-300} ))
status=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  status=$(curl -sf "$api/incidents/$incident" -H "Authorization: Bearer $approver_token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' || true)
  echo "   $incident: ${status:-?}"
  case "$status" in RESOLVED|FAILED|ESCALATED|NOOP|REJECTED) break ;; esac
  sleep 5
done
echo "==> execution history"
aws --endpoint-url http://127.0.0.1:4566 stepfunctions get-execution-history --execution-arn "$execution" \
  --query 'events[].[timestamp,type]' --output text | tail -n 40
[ "$status" = RESOLVED ] || { echo "smoke failed: incident ended ${status:-unknown}" >&2; exit 1; }
echo "smoke passed: $incident RESOLVED"
