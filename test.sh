#!/usr/bin/env bash
# Runs every test. The tests start a throwaway PostgreSQL from the machine's binaries and remove it afterwards.
set -uo pipefail
cd "$(dirname "$0")"
scripts/ensure-tools.sh || exit 1
[ -f tests/grpc-client/package.json ] && (cd tests/grpc-client && npm ci --silent --no-audit --no-fund) 

log=$(mktemp)
dotnet test Catalog.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The console's browser tests (Chromium driving the services dotnet test just built), reported in TAP.
(cd tests/console && npm ci --silent --no-audit --no-fund && npm test --silent) 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# One closing line over all test assemblies and the browser tests (TAP: "# pass N", "# fail N", "# cancelled N").
awk '/(Passed|Failed)! +- +Failed: /{
  for (i=1;i<=NF;i++){ g=$i; gsub(/,/,"",g);
    if ($(i-1)=="Failed:" ) f+=g; if ($(i-1)=="Passed:") p+=g; if ($(i-1)=="Skipped:") s+=g }
}
/^# pass [0-9]+$/ { p+=$3 } /^# (fail|cancelled) [0-9]+$/ { f+=$3 } /^# skipped [0-9]+$/ { s+=$3 }
END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
