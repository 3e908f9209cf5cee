#!/usr/bin/env bash
# Runs the whole system: PostgreSQL (local, unless ConnectionStrings__Catalog is set), ingest and catalog.
# Ctrl-C stops all of them.
set -euo pipefail
cd "$(dirname "$0")"

pids=()
started_pg=""
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$started_pg" ] && scripts/pg.sh stop
  echo "stopped."
}
trap cleanup INT TERM EXIT

if [ -z "${ConnectionStrings__Catalog:-}" ]; then
  scripts/ensure-postgres.sh
  export ConnectionStrings__Catalog="$(scripts/pg.sh start)"
  started_pg=1
  echo "PostgreSQL (local, data in .data/postgres): $ConnectionStrings__Catalog"
fi

# Development keys: generated once, kept in .data/dev-keys.env (ignored by git); real ones come from the environment.
mkdir -p .data
key() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
if [ ! -f .data/dev-keys.env ]; then
  {
    echo "Tencent__CallbackKey=$(key)"
    echo "Catalog__EditorKeys__0=$(key)"
    echo "Catalog__AdminKeys__0=$(key)"
  } > .data/dev-keys.env
fi
grep -q '^Ingest__AdminKeys__0=' .data/dev-keys.env || echo "Ingest__AdminKeys__0=$(key)" >> .data/dev-keys.env
while IFS='=' read -r name value; do
  [ -n "${!name:-}" ] || export "$name=$value"
done < .data/dev-keys.env

dotnet build Catalog.sln -c Release -v quiet -nologo >/dev/null
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
(cd services/ingest && exec dotnet bin/Release/net10.0/Ingest.dll) & pids+=($!)
(cd services/catalog && exec dotnet bin/Release/net10.0/Catalog.dll) & pids+=($!)

cat <<INFO

  ingest   http://127.0.0.1:5180   POST /callbacks/tencent   (callback key: $Tencent__CallbackKey, admin key: $Ingest__AdminKeys__0)
  catalog  http://127.0.0.1:5190   REST, /openapi/v1.json    (editor key: $Catalog__EditorKeys__0, admin key: $Catalog__AdminKeys__0)
           http://127.0.0.1:5191   gRPC (cleartext HTTP/2)
  health   /healthz and /readyz on each service

Ctrl-C stops everything.
INFO
wait -n "${pids[@]}"
