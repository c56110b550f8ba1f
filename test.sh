#!/usr/bin/env bash
# Runs every test, the way README and CI do: Debian's chromium, prometheus-alertmanager and prometheus (installed here if
# missing, for the tests that drive them), an Azurite of the tests' own (free ports, an empty data folder in the temp directory: never the one a
# `./run.sh` is using, which may come and go mid-run), a Release build of the solution, then `dotnet test` on it. Ends
# with one line "N passed, N failed[, N skipped]" summed over the TRX files, and exits non-zero if the build or any
# test failed. Stops its Azurite and deletes its data afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

azurite_dir=""
cleanup() {
  if [[ -n "$azurite_dir" ]]; then
    AZURITE_STATE_DIR="$azurite_dir" scripts/azurite.sh stop || true
    rm -rf "$azurite_dir"
  fi
}
trap cleanup EXIT

# Debian packages some tests drive as real clients, each started by its test on free ports (the packages' own services
# are not used): chromium for the console's browser tests (through Playwright; its own browser download is not used),
# prometheus-alertmanager for the Opsgenie drop-in test, prometheus for the /metrics scrape test. Installed here when
# missing, when this machine can; otherwise those tests fail, saying how to get them.
ensure_package() {
  local binary=$1 override=$2 package=$3 purpose=$4
  if [[ -n "${!override:-}" || -x "$binary" ]]; then
    return
  fi
  echo "test.sh: $binary is missing; installing Debian's $package for $purpose" >&2
  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "test.sh: not root and no sudo: run 'apt-get install -y $package' as root; $purpose will fail until then" >&2
      return
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: no apt-get here: install $package and set $override to its binary; $purpose will fail until then" >&2
    return
  fi
  "${sudo[@]}" apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" ||
    echo "test.sh: installing $package failed; $purpose will fail" >&2
}
ensure_package /usr/bin/chromium CHROMIUM_PATH chromium "the console's browser tests"
ensure_package /usr/bin/prometheus-alertmanager ALERTMANAGER_PATH prometheus-alertmanager "the Alertmanager (Opsgenie) test"
ensure_package /usr/bin/prometheus PROMETHEUS_PATH prometheus "the Prometheus scrape test"

# The tests read the connection string from INCIDENT_TEST_STORAGE (tests/IncidentFunctions.Testing/TestStorage.cs).
azurite_dir="$(mktemp -d -t incident-test-azurite.XXXXXX)"
INCIDENT_TEST_STORAGE="$(scripts/azurite.sh private "$azurite_dir")"
export INCIDENT_TEST_STORAGE

# The Bicep CLI, from NuGet into the ignored .tools/packages: the infra tests build and lint infra/ with it.
dotnet restore tools/bicep/bicep.csproj --packages .tools/packages --nologo -v quiet

dotnet build IncidentFunctions.sln -c Release --nologo -v quiet -clp:NoSummary

# Each test project writes tests/<project>/TestResults/results.trx (one file per project: projects finishing in the
# same second cannot overwrite each other's); they are collected as TestResults/<project>.trx.
rm -rf TestResults
rm -f tests/*/TestResults/results.trx
status=0
# The console logger prints one "Passed!/Failed! - Failed: N, Passed: N, Skipped: N, Total: N" line per test project.
dotnet test IncidentFunctions.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=minimal" || status=$?

# Sum one attribute of the <Counters .../> element over every TRX file. Skipped tests are only in total, not executed.
sum_counter() {
  local name=$1
  shift
  sed -n "s/.*<Counters[^>]* $name=\"\([0-9]*\)\".*/\1/p" "$@" | awk '{ s += $1 } END { print s + 0 }'
}
shopt -s nullglob
mkdir -p TestResults
for f in tests/*/TestResults/results.trx; do
  project=${f#tests/}
  cp "$f" "TestResults/${project%%/*}.trx"
done
trx=(TestResults/*.trx)
passed=0 failed=0 skipped=0
if ((${#trx[@]} > 0)); then
  passed=$(sum_counter passed "${trx[@]}")
  failed=$(($(sum_counter failed "${trx[@]}") + $(sum_counter error "${trx[@]}") + $(sum_counter timeout "${trx[@]}")))
  skipped=$(($(sum_counter total "${trx[@]}") - $(sum_counter executed "${trx[@]}")))
else
  echo "test.sh: no TRX file in TestResults: no test ran" >&2
  ((status != 0)) || status=1
fi

echo
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
