#!/usr/bin/env bash
# The benchmark (README, Performance): builds the solution in Release, starts an empty Azurite of its own on free
# ports (scripts/azurite.sh private), runs bench/IncidentFunctions.Bench, which prints a Markdown table and writes
# it to bench/results/latest.md, then runs the full-size fault and fuzz tests.
#
#   ./bench.sh                 full sizes; 10,000 incidents at scale take hours on Azurite (README, Performance):
#   ./bench.sh --scale-incidents 2000   took 18 min here, then ~10 min of fault and fuzz tests
#   ./bench.sh --quick         a few-minute smoke with small sizes
#   ./bench.sh --no-tests      skip the fault and fuzz tests at the end
#   other options go to the benchmark (./bench.sh --help lists them), e.g. --only latency,storm --scale-incidents 2000
#
# Exits non-zero if the build fails, an invariant breaks (incidents ≠ keys, lost alerts, an early timer) or a fault or
# fuzz test fails. Speed goals never fail the run: the table says met or missed. Stops its Azurite afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

run_tests=1
bench_args=()
for arg in "$@"; do
  case "$arg" in
    --no-tests) run_tests=0 ;;
    -h | --help)
      sed -n '2,14p' "$0"
      dll=bench/IncidentFunctions.Bench/bin/Release/net10.0/IncidentFunctions.Bench.dll
      [[ -f "$dll" ]] && dotnet "$dll" --help
      exit 0
      ;;
    *) bench_args+=("$arg") ;;
  esac
done

# Azurite keeps every queue's messages in one collection and filters it on each receive, and scans a whole table for
# each query: data left in it (a run.sh session's unread events, a killed benchmark's timers) slows every operation
# measured here. So the benchmark's own Azurite starts empty, on free ports in a folder of its own, deleted afterwards;
# one a person started is never touched. The benchmark and the fault tests read it from INCIDENT_TEST_STORAGE.
azurite_state="$(mktemp -d -t incident-bench-azurite.XXXXXX)"
cleanup() {
  AZURITE_STATE_DIR="$azurite_state" scripts/azurite.sh stop || true
  rm -rf "$azurite_state"
}
trap cleanup EXIT
INCIDENT_TEST_STORAGE="$(scripts/azurite.sh private "$azurite_state")"
export INCIDENT_TEST_STORAGE

dotnet build IncidentFunctions.sln -c Release --nologo -v quiet -clp:NoSummary

status=0
dotnet bench/IncidentFunctions.Bench/bin/Release/net10.0/IncidentFunctions.Bench.dll "${bench_args[@]}" || status=$?
if ((status == 2)); then
  exit 2
fi

if ((run_tests)); then
  # The contract with the fault and fuzz tests: they carry [Trait("Category", "Fault"|"Fuzz")] and read
  # INCIDENT_TEST_SCALE. None matching yet is not a failure.
  echo
  echo "bench.sh: fault and fuzz tests at full scale"
  log="$(mktemp)"
  tests=0
  INCIDENT_TEST_SCALE=full dotnet test IncidentFunctions.sln -c Release --no-build --nologo \
    --filter "Category=Fault|Category=Fuzz" --logger "console;verbosity=minimal" 2>&1 | tee "$log" || tests=$?
  if grep -q "Total tests:\|Passed!\|Failed!" "$log"; then
    ((tests == 0)) || status=1
  elif grep -q "No test matches the given testcase filter" "$log"; then
    echo "bench.sh: no test matched Category=Fault|Category=Fuzz yet; nothing to run"
  else
    ((tests == 0)) || status=1
  fi
  rm -f "$log"
fi

exit "$status"
