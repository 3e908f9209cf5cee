#!/usr/bin/env bash
# Runs the whole system: PostgreSQL (local, unless ConnectionStrings__Catalog is set), ingest and catalog.
# ./run.sh --demo also sends the demo's callbacks once both services are ready. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
demo=""
[ "${1:-}" = "--demo" ] && demo=1

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

# Build first, and show the compiler's errors when it fails.
echo "building..."
if ! build_log=$(dotnet build Catalog.sln -c Release -v quiet -nologo 2>&1); then
  errors=$(printf '%s\n' "$build_log" | grep -E ': error [A-Z]+[0-9]+' | sort -u || true)
  printf '%s\n' "${errors:-$build_log}" >&2
  echo "build failed." >&2
  exit 1
fi

if [ -z "${ConnectionStrings__Catalog:-}" ]; then
  scripts/ensure-postgres.sh
  export ConnectionStrings__Catalog="$(scripts/pg.sh start)"
  started_pg=1
  echo "PostgreSQL (local, data in .data/postgres): $ConnectionStrings__Catalog"
fi

# Development keys: generated once, kept in .data/dev-keys.env (ignored by git); real ones come from the environment.
mkdir -p .data
touch .data/dev-keys.env
key() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# The numbered keys of earlier versions are replaced by named ones.
sed -i -E '/^(Catalog__EditorKeys__|Catalog__AdminKeys__|Ingest__AdminKeys__)/d' .data/dev-keys.env
for name in Tencent__CallbackKey Catalog__Editors__dev__Key Catalog__Admins__dev__Key Ingest__Admins__dev__Key; do
  grep -q "^$name=" .data/dev-keys.env || echo "$name=$(key)" >> .data/dev-keys.env
done
while IFS='=' read -r name value; do
  [ -n "${!name:-}" ] || export "$name=$value"
done < .data/dev-keys.env

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The demo's recordings and covers, served by the catalog at /media/ (Development only), so the console plays them offline.
export Catalog__Console__MediaFolder="${Catalog__Console__MediaFolder:-$PWD/.data/media}"
if [ -n "$demo" ] && [ ! -f "$Catalog__Console__MediaFolder/demo.mp4" ]; then
  mkdir -p "$Catalog__Console__MediaFolder"
  if command -v ffmpeg >/dev/null; then
    (cd "$Catalog__Console__MediaFolder"
     video=(-hide_banner -loglevel error -f lavfi -i testsrc=duration=6:size=640x360:rate=25 -c:v libx264 -pix_fmt yuv420p -g 25)
     ffmpeg "${video[@]}" -movflags +faststart -y demo.mp4
     ffmpeg "${video[@]}" -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_filename 'demo-%d.ts' -y demo.m3u8
     i=0; for pattern in testsrc smptebars testsrc2; do
       ffmpeg -hide_banner -loglevel error -f lavfi -i "$pattern=size=640x360" -frames:v 1 -y "cover-$i.jpg"; i=$((i + 1))
     done)
  else
    echo "ffmpeg is missing (scripts/ensure-tools.sh installs it): the demo's programs will not play." >&2
  fi
fi

# Every variable reaches both processes: the catalog's Kestrel endpoints must not bind in ingest, nor ingest's Urls in the catalog.
(cd services/ingest && exec env -u Kestrel__Endpoints__Rest__Url -u Kestrel__Endpoints__Grpc__Url -u Kestrel__Endpoints__Grpc__Protocols \
  dotnet bin/Release/net10.0/Ingest.dll) & pids+=($!)
(cd services/catalog && exec env -u Urls dotnet bin/Release/net10.0/Catalog.dll) & pids+=($!)

# The addresses in force: the environment's, else the services' appsettings (Development's first).
setting() { # env-name, service, json path
  python3 - "$@" <<'PY'
import json, os, sys
name, service, path = sys.argv[1], sys.argv[2], sys.argv[3].split(':')
if os.environ.get(name): print(os.environ[name].split(';')[0]); sys.exit()
for f in (f'services/{service}/appsettings.Development.json', f'services/{service}/appsettings.json'):
    try: node = json.load(open(f))
    except OSError: continue
    for part in path: node = node.get(part, {}) if isinstance(node, dict) else {}
    if isinstance(node, str): print(node.split(';')[0]); sys.exit()
PY
}
local_url() { echo "$1" | sed -E 's#//(0\.0\.0\.0|\*|\+|\[::\])#//127.0.0.1#'; }
ingest_url=$(local_url "$(setting Urls ingest Urls)")
catalog_url=$(local_url "$(setting Kestrel__Endpoints__Rest__Url catalog Kestrel:Endpoints:Rest:Url)")
grpc_url=$(local_url "$(setting Kestrel__Endpoints__Grpc__Url catalog Kestrel:Endpoints:Grpc:Url)")

echo "waiting for both services to be ready..."
for url in "$ingest_url" "$catalog_url"; do
  until curl -fsS -o /dev/null "$url/readyz"; do
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a service stopped; see its log above." >&2; exit 1; }; done
    sleep 0.5
  done
done

if [ -n "$demo" ]; then
  (cd services/ingest && dotnet bin/Release/net10.0/Ingest.dll demo --ingest "$ingest_url" --media "$catalog_url/media")
fi

cat <<INFO

  console  $catalog_url/console/   sign in with the editor key below
  ingest   $ingest_url   POST /callbacks/tencent   (callback key: $Tencent__CallbackKey, admin key "dev": $Ingest__Admins__dev__Key)
  catalog  $catalog_url   REST, /openapi/v1.json    (editor "dev": $Catalog__Editors__dev__Key, admin "dev": $Catalog__Admins__dev__Key)
           $grpc_url   gRPC (cleartext HTTP/2)
  health   /healthz and /readyz on each service

Ctrl-C stops everything.
INFO
wait -n "${pids[@]}"
