#!/usr/bin/env bash
# AegisOps on LocalStack, from a clean checkout: build the jars, start LocalStack + buggy app + edge
# agent (localstack-compose.yml), deploy the CDK app with cdklocal, wire the webhook, print what to do next.
# Needs: Docker with compose, Node/npm, a JDK >= 21. Set LOCALSTACK_AUTH_TOKEN to use a licensed image.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=${AWS_REGION:-us-east-1}
export AWS_DEFAULT_REGION=$AWS_REGION CDK_DEFAULT_ACCOUNT=000000000000 CDK_DEFAULT_REGION=$AWS_REGION

echo "==> building AegisOps"
./mvnw -q -B -DskipTests package

echo "==> installing the CDK CLI and cdklocal (into .aegis/node)"
npm install --silent --prefix .aegis/node aws-cdk@2.1148.1 aws-cdk-local@3.0.4 >/dev/null
export PATH="$root/.aegis/node/node_modules/.bin:$PATH"

echo "==> starting LocalStack"
docker compose -f localstack-compose.yml up -d --build localstack
ready=""
for _ in $(seq 1 60); do
  if curl -sf http://127.0.0.1:4566/_localstack/health >/dev/null; then ready=yes; break; fi
  sleep 2
done
if [ -z "$ready" ]; then
  echo "LocalStack did not become healthy within 120 s; its last log lines:" >&2
  docker compose -f localstack-compose.yml logs --tail 30 localstack >&2
  exit 1
fi

echo "==> deploying with cdklocal"
arch=arm64
[ "$(uname -m)" = x86_64 ] && arch=x86_64   # LocalStack runs Lambda containers in the host's architecture
(cd infra-cdk && cdklocal bootstrap -q && cdklocal deploy --require-approval never \
  -c targetsFile="$root/scripts/localstack/targets.json" -c lambdaArchitecture="$arch" \
  --outputs-file "$root/.aegis/localstack-outputs.json")

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AegisOps"][sys.argv[2]])' .aegis/localstack-outputs.json "$1"; }
api_id=$(field RestApiId)
secret_arn=$(field SecretsArn)
# LocalStack serves a REST API at this path on its edge port, whatever the stack's AWS-style URL says.
api="http://127.0.0.1:4566/_aws/execute-api/$api_id/prod"
webhook="$api/alerts"
token=$(aws --endpoint-url http://127.0.0.1:4566 secretsmanager get-secret-value --secret-id "$secret_arn" \
  --query SecretString --output text | python3 -c 'import json,sys; print(json.load(sys.stdin)["AEGIS_WEBHOOK_TOKENS"])')
hmac=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
approver=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
aws --endpoint-url http://127.0.0.1:4566 secretsmanager put-secret-value --secret-id "$secret_arn" --secret-string \
  "{\"AEGIS_WEBHOOK_TOKENS\":\"$token\",\"AEGIS_WEBHOOK_HMAC_SECRET\":\"$hmac\",\"AEGIS_APPROVER_TOKENS\":\"oncall:$approver\",\"AEGIS_SLACK_WEBHOOK_URL\":\"\",\"OPENAI_API_KEY\":\"\"}" >/dev/null
printf '{"api": "%s", "webhookToken": "%s", "approverToken": "%s"}\n' "$api" "$token" "$approver" > .aegis/localstack-access.json
chmod 600 .aegis/localstack-access.json

echo "==> starting the buggy app and the edge agent"
# inside the compose network the API is reached through the localstack service name
export AEGIS_WEBHOOK_URL=${webhook/127.0.0.1/localstack} AEGIS_WEBHOOK_TOKEN=$token AEGIS_WEBHOOK_HMAC_SECRET=$hmac
docker compose -f localstack-compose.yml up -d --build buggy-app edge-agent

cat <<TEXT

AegisOps is running on LocalStack.
  webhook:   $webhook   (Authorization: Bearer <webhookToken in .aegis/localstack-access.json>)
  incidents: $api/incidents   (Authorization: Bearer <approverToken>)
  buggy app: http://127.0.0.1:8081   (POST /faults/memory to start a memory leak)
  smoke:     scripts/localstack-smoke.sh
  stop:      docker compose -f localstack-compose.yml down
TEXT
