#!/usr/bin/env bash
# Posts one of the sample alert payloads in samples/ to the local runtime, as the monitoring tool would, and prints
# the answer (which incidents were created or appended to).
#
#   scripts/post-alert.sh FORMAT [firing|resolved] [BASE_URL]
#   scripts/post-alert.sh alertmanager                     # samples/alertmanager/firing.json
#   scripts/post-alert.sh grafana resolved http://127.0.0.1:7072
#
# FORMAT is a folder of samples/: alertmanager, grafana, azure-monitor, datadog, generic or pagerduty (PagerDuty
# Events v2, posted to /api/v2/enqueue with the key as routing_key). BASE_URL defaults to http://127.0.0.1:${PORT:-7071};
# KEY is the integration key (default sample-checkout-key, the sample config's checkout service).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

(($# >= 1 && $# <= 3)) || usage
format=$1
which=${2:-firing}
base=${3:-http://127.0.0.1:${PORT:-7071}}
key=${KEY:-sample-checkout-key}
file="$root/samples/$format/$which.json"
[[ "$which" == firing || "$which" == resolved ]] || { echo "post-alert: say firing or resolved, not '$which'" >&2; exit 2; }
[[ -f "$file" ]] || { echo "post-alert: no sample $file (formats: $(ls "$root/samples" | tr '\n' ' '))" >&2; exit 2; }

if [[ "$format" == pagerduty ]]; then
  # Events v2 carries the integration key in the body, not the URL.
  sed "s/\"routing_key\": *\"[^\"]*\"/\"routing_key\": \"$key\"/" "$file" |
    curl -sS -X POST "$base/api/v2/enqueue" -H 'Content-Type: application/json' --data-binary @-
else
  curl -sS -X POST "$base/api/alerts/$format?key=$key" -H 'Content-Type: application/json' --data-binary @"$file"
fi
echo
