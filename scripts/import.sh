#!/usr/bin/env bash
# Converts an Opsgenie or PagerDuty account's REST API exports into this product's on-call configuration (JSON with
# comments on what could not be carried over), then validates it as the app will at start-up.
#
#   scripts/import.sh opsgenie|pagerduty FOLDER [--out FILE]
#   scripts/import.sh pagerduty exports/pagerduty --out config/incidents.json
#
# FOLDER holds the saved API responses (README "Coming from Opsgenie or PagerDuty" lists the files and the curl
# lines). Writes to stdout unless --out. Exits 0 when the result loads, 1 when an export cannot be read or the
# result still has problems (printed with their paths), 2 on bad arguments.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

(($# >= 2)) || usage
[[ "$1" == opsgenie || "$1" == pagerduty ]] || { echo "import: unknown vendor '$1': opsgenie or pagerduty" >&2; usage; }

# A built tool (./test.sh and `dotnet build IncidentFunctions.sln -c Release` make it) runs at once; otherwise build it.
dll="$root/tools/IncidentFunctions.Importer/bin/Release/net10.0/IncidentFunctions.Importer.dll"
if [[ -f "$dll" && -z "${IMPORT_REBUILD:-}" ]]; then
  exec dotnet "$dll" "$@"
fi
exec dotnet run --project "$root/tools/IncidentFunctions.Importer" -c Release --nologo -v quiet -- "$@"
