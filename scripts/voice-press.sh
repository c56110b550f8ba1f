#!/usr/bin/env bash
# Plays a responder pressing a key on the last call the local runtime placed to their number (a call in its outbox),
# exactly as Twilio's <Gather> posts it, and prints the TwiML answer: what the caller would hear.
#
#   scripts/voice-press.sh NUMBER DIGIT [BASE_URL]
#   scripts/voice-press.sh +15550100001 4                  # Alice presses 4: acknowledged, she is the lead
#   scripts/voice-press.sh +15550100002 5                  # Bob presses 5: the next tier is paged now
#
# BASE_URL defaults to http://127.0.0.1:${PORT:-7071}. The call's keypress URL is read from GET /api/dev/outbox with
# INCIDENT_ADMIN_KEY (default local-admin-key, the sample configuration's) and the form is signed with TWILIO_AUTH_TOKEN
# (default local-twilio-auth-token) as X-Twilio-Signature: base64(HMAC-SHA1(token, URL + parameter names and values,
# names sorted)). For 6 (resolve), press 6 twice: the second press answers the confirmation the first one asks for.
set -euo pipefail

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# shellcheck source=lib/twilio-signature.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/twilio-signature.sh"

# The outbox is JSON written by the runtime: each call is {"sid":…,"medium":"voice","to":…,"body":…,"at":…,"gather":…}
# and what a call says has no braces, so the last call to the number is the last match below.
last_call_field() {
  local outbox=$1 number=$2 field=$3
  grep -o "\"sid\":\"[^\"]*\",\"medium\":\"voice\",\"to\":\"${number//+/[+]}\"[^}]*" <<<"$outbox" | tail -n 1 |
    sed -n "s/.*\"$field\":\"\\([^\"]*\\)\".*/\\1/p" || true
}

main() {
  (($# >= 2 && $# <= 3)) || usage
  local number=$1 digit=$2 base=${3:-http://127.0.0.1:${PORT:-7071}}
  [[ $digit =~ ^[0-9*#]$ ]] || { echo "voice-press: DIGIT must be one key: 0-9, * or #" >&2; exit 2; }
  local pressed=${VOICE_PRESS_STATE:-${TMPDIR:-/tmp}/voice-press-${number//[^0-9]/}}

  local outbox
  outbox=$(curl -sS --fail-with-body -H "x-functions-key: ${INCIDENT_ADMIN_KEY:-local-admin-key}" "${base%/}/api/dev/outbox")
  local sid url
  sid=$(last_call_field "$outbox" "$number" sid)
  url=$(last_call_field "$outbox" "$number" gather)
  if [[ -z $sid || -z $url ]]; then
    echo "voice-press: no call to $number in the outbox at ${base%/}/api/dev/outbox" >&2
    exit 1
  fi

  # A 6 asks "press 6 again": the second 6 on the same call answers that question.
  if [[ $digit == 6 && -f $pressed && $(cat "$pressed") == "$sid 6" ]]; then
    url="$url&confirm=resolve"
  fi
  printf '%s %s\n' "$sid" "$digit" >"$pressed"

  local fields=(
    "AccountSid=${TWILIO_ACCOUNT_SID:-AC$(printf '%032d' 0)}"
    "ApiVersion=2010-04-01"
    "CallSid=$sid"
    "CallStatus=in-progress"
    "Direction=outbound-api"
    "From=${TWILIO_FROM:-+15550100000}"
    "To=$number"
    "Digits=$digit"
    "FinishedOnKey="
  )
  local signature
  signature=$(twilio_signature "$url" "${TWILIO_AUTH_TOKEN:-local-twilio-auth-token}" "${fields[@]}")

  local args=() field
  for field in "${fields[@]}"; do args+=(--data-urlencode "$field"); done
  curl -sS --fail-with-body -w '\n' \
    -H "X-Twilio-Signature: $signature" \
    -H 'User-Agent: TwilioProxy/1.1' \
    "${args[@]}" \
    "$url"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
