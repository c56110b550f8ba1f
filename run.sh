#!/usr/bin/env bash
# Runs the whole pipeline locally, the way README describes: Azurite (started here if nothing listens on its ports),
# then the local runtime in the foreground on http://127.0.0.1:${PORT:-7071}. It prints where to post alerts.
# Ctrl-C stops the runtime, then Azurite if this script started it. Needs the .NET SDK and Node.js (for Azurite).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

project=src/IncidentFunctions.LocalRuntime
dll="$project/bin/Release/net10.0/IncidentFunctions.LocalRuntime.dll"

# Build only when something the runtime is built from changed since the last build.
if [[ ! -f "$dll" ]] || [[ -n "$(find src config Directory.Build.props Directory.Packages.props global.json \
    -newer "$dll" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
  echo "run.sh: building $project (Release)"
  dotnet build "$project" -c Release --nologo -v quiet -clp:NoSummary
fi

started_azurite=0
runtime_pid=""
cleanup() {
  if [[ -n "$runtime_pid" ]] && kill -0 "$runtime_pid" 2>/dev/null; then
    kill -TERM "$runtime_pid" 2>/dev/null || true
    wait "$runtime_pid" 2>/dev/null || true
  fi
  if ((started_azurite)); then
    scripts/azurite.sh stop || true
  fi
}
trap cleanup EXIT

if ! scripts/azurite.sh status >/dev/null 2>&1; then
  started_azurite=1
  scripts/azurite.sh start
else
  echo "run.sh: using the Azurite already running on 127.0.0.1:10000-10002"
fi

# The runtime runs as a child so this script outlives it and can stop Azurite afterwards. Ctrl-C (SIGINT) and SIGTERM
# sent to this script are passed on as SIGTERM, which the runtime handles like Ctrl-C: a graceful stop.
dotnet "$dll" &
runtime_pid=$!
trap 'kill -TERM "$runtime_pid" 2>/dev/null || true' INT TERM

# A trapped signal interrupts `wait`; wait again until the runtime has really exited, then take its exit status
# (bash keeps it for a later `wait`).
while kill -0 "$runtime_pid" 2>/dev/null; do
  wait "$runtime_pid" || true
done
status=0
wait "$runtime_pid" || status=$?
runtime_pid=""
exit "$status"
