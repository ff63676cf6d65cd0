#!/usr/bin/env bash
# Sends one alert to the LocalStack deployment and waits until its incident is RESOLVED (or fails after
# a timeout), then prints the execution history. Run scripts/localstack-up.sh first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
outputs="$root/.aegis/localstack-outputs.json"
[ -f "$outputs" ] || { echo "no $outputs: run scripts/localstack-up.sh first" >&2; exit 1; }
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=${AWS_REGION:-us-east-1}
aws_local() { aws --endpoint-url http://127.0.0.1:4566 "$@"; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AegisOps"][sys.argv[2]])' "$outputs" "$1"; }
webhook=$(field WebhookUrl)
api=$(field ApiUrl)
token=${AEGIS_WEBHOOK_TOKEN:-local-demo-token}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "==> POST $webhook"
response=$(curl -sf -X POST "$webhook" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d @- <<JSON
{"incident_id": "smoke-$(date +%s)", "container_name": "buggy-app", "alert_type": "HighMemoryUsage",
 "severity": "critical", "logs": "java.lang.OutOfMemoryError: Java heap space", "timestamp": "$now"}
JSON
)
echo "$response"
incident=$(echo "$response" | python3 -c 'import json,sys; b=json.load(sys.stdin); b=b.get("results",[b])[0]; print(b["incidentId"])')
execution=$(echo "$response" | python3 -c 'import json,sys; b=json.load(sys.stdin); b=b.get("results",[b])[0]; print(b["executionArn"])')

deadline=$(( $(date +%s) + ${SMOKE_TIMEOUT_SECONDS:-300} ))
status=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  status=$(curl -sf "$api/incidents/$incident" -H "Authorization: Bearer $token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' || true)
  echo "   $incident: ${status:-?}"
  case "$status" in RESOLVED) break ;; FAILED|ESCALATED|NOOP|REJECTED) break ;; esac
  sleep 5
done
echo "==> execution history"
aws_local stepfunctions get-execution-history --execution-arn "$execution" \
  --query 'events[].[timestamp,type]' --output text | tail -n 40
[ "$status" = RESOLVED ] || { echo "smoke failed: incident ended $status" >&2; exit 1; }
echo "smoke passed: $incident RESOLVED"
