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
./mvnw -q -B -DskipTests install

echo "==> installing the CDK CLI and cdklocal (into .aegis/node)"
npm install --silent --prefix .aegis/node aws-cdk@2.1148.1 aws-cdk-local@3.0.4 >/dev/null
export PATH="$root/.aegis/node/node_modules/.bin:$PATH"

echo "==> starting LocalStack"
docker compose -f localstack-compose.yml up -d --build localstack
for _ in $(seq 1 60); do
  curl -sf http://127.0.0.1:4566/_localstack/health >/dev/null && break
  sleep 2
done

echo "==> deploying with cdklocal"
arch=arm64
[ "$(uname -m)" = x86_64 ] && arch=x86_64   # LocalStack runs Lambda containers in the host's architecture
(cd infra-cdk && cdklocal bootstrap -q && cdklocal deploy --require-approval never \
  -c targetsFile="$root/scripts/localstack/targets.json" -c lambdaArchitecture="$arch" \
  --outputs-file "$root/.aegis/localstack-outputs.json")

webhook=$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["AegisOps"]; print(o["WebhookUrl"])' .aegis/localstack-outputs.json)
secret_arn=$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["AegisOps"]; print(o["SecretsArn"])' .aegis/localstack-outputs.json)
token=${AEGIS_WEBHOOK_TOKEN:-local-demo-token}
hmac=$(aws --endpoint-url http://127.0.0.1:4566 secretsmanager get-secret-value --secret-id "$secret_arn" \
  --query SecretString --output text | python3 -c 'import json,sys; print(json.load(sys.stdin)["webhookHmacSecret"])')
aws --endpoint-url http://127.0.0.1:4566 secretsmanager put-secret-value --secret-id "$secret_arn" --secret-string \
  "{\"webhookTokens\":\"$token\",\"approverTokens\":\"oncall:local-approver-token\",\"webhookHmacSecret\":\"$hmac\",\"slackWebhookUrl\":\"\",\"llmApiKey\":\"\"}" >/dev/null

echo "==> starting the buggy app and the edge agent"
# inside the compose network the API is reached through the localstack service name
export AEGIS_WEBHOOK_URL=${webhook/127.0.0.1/localstack} AEGIS_WEBHOOK_TOKEN=$token AEGIS_WEBHOOK_HMAC_SECRET=$hmac
export AEGIS_WEBHOOK_URL=${AEGIS_WEBHOOK_URL/localhost/localstack}
docker compose -f localstack-compose.yml up -d --build buggy-app edge-agent

cat <<TEXT

AegisOps is running on LocalStack.
  webhook:   $webhook   (Authorization: Bearer $token)
  buggy app: http://127.0.0.1:8081   (POST /trigger_memory to start a memory leak)
  smoke:     scripts/localstack-smoke.sh
  stop:      docker compose -f localstack-compose.yml down
TEXT
