#!/usr/bin/env bash
# Installs the Debian packages the tests drive when they are missing: PostgreSQL's server, Node and npm (the console's
# build and browser tests), Chromium (console tests), nginx with the RTMP module and ffmpeg (the real nginx-rtmp
# end-to-end test), and Debian's Python gRPC (a second gRPC client; Debian's /usr/bin/python3, not a pyenv one).
set -euo pipefail
scripts/ensure-postgres.sh
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v nginx >/dev/null || missing+=(nginx-light)
compgen -G "/usr/lib/nginx/modules/ngx_rtmp_module.so" >/dev/null || missing+=(libnginx-mod-rtmp)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
/usr/bin/python3 -c 'import grpc, grpc_tools' 2>/dev/null || missing+=(python3-grpcio python3-grpc-tools)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}..." >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
# The nginx package may start a server of its own on port 80; the tests start their own.
$SUDO service nginx stop >/dev/null 2>&1 || true
