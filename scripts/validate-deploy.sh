#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster:
#  - docker-compose.yml with Debian's docker-compose (`config -q`, using .env.example for the required variables);
#  - every kustomization under deploy/k8s rendered with `kubectl kustomize`, then checked offline against the
#    Kubernetes API schemas and the project's workload rules (scripts/deploy-validate, kubernetes-models from npm).
# Installs what is missing (root on Debian: apt-get; npm for the schemas).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null; }
}

command -v docker-compose >/dev/null || { echo "installing docker-compose"; apt_install docker-compose; }
command -v kubectl >/dev/null || { echo "installing kubectl"; apt_install kubernetes-client; }
command -v node >/dev/null || { echo "installing nodejs"; apt_install nodejs npm; }

echo "docker-compose.yml:"
docker-compose --env-file .env.example -f docker-compose.yml config -q
echo "  valid ($(docker-compose --env-file .env.example -f docker-compose.yml config --services | tr '\n' ' '))"

(cd scripts/deploy-validate && npm ci --silent --no-audit --no-fund >/dev/null)
rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
status=0
while IFS= read -r kustomization; do
  dir=$(dirname "$kustomization")
  out="$rendered/$(echo "$dir" | tr '/' '_').yaml"
  echo "$dir:"
  if ! kubectl kustomize "$dir" > "$out"; then status=1; continue; fi
  node scripts/deploy-validate/validate.js "$out" 2>&1 | sed "s|$out|  rendered|" || status=1
done < <(find deploy/k8s -name kustomization.yaml | sort)
[ "$status" -eq 0 ] && echo "deployment files valid" || echo "deployment files INVALID" >&2
exit "$status"
