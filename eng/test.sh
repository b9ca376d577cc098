#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test project and
# ends with one line "N passed, N failed" summed from the TRX results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

summary() {
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk -v extra="$1" '
    { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); v = kv[2] + 0
        if (kv[1] == "passed") p += v
        if (kv[1] == "failed" || kv[1] == "error" || kv[1] == "timeout" || kv[1] == "aborted") f += v } }
    END { printf "%d passed, %d failed\n", p, f + extra }'
}

if ! eng/ensure-tools.sh || ! eng/ensure-test-prereqs.sh; then
  echo "set-up of the test prerequisites failed" >&2
  summary 1; exit 1
fi
if ! dotnet build MlOps.Functions.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed" >&2
  summary 1; exit 1
fi
# Each test project writes its own TRX file (tests/Directory.Build.props).
dotnet test MlOps.Functions.sln -c Release --no-build -nologo --results-directory "$results" "$@"
status=$?
# A test host that crashed leaves no counters for its tests; count it as a failure.
crashed=0
[ $status -ne 0 ] && ! grep -qs 'failed="[1-9]' "$results"/*.trx && crashed=1
summary $crashed
exit $status
