#!/usr/bin/env bash
# Sends an SMS reply to the local runtime exactly as Twilio's inbound webhook would, and prints the TwiML answer.
#
#   scripts/sms-reply.sh FROM BODY [BASE_URL]
#   scripts/sms-reply.sh +15550100001 42a                  # Alice takes the lead on INC 42
#   scripts/sms-reply.sh +15550100002 e http://127.0.0.1:7071
#
# BASE_URL defaults to http://127.0.0.1:${PORT:-7071}. The form is posted to BASE_URL/api/sms/inbound and signed with
# TWILIO_AUTH_TOKEN (default local-twilio-auth-token, the local runtime's appsettings.json): X-Twilio-Signature is
# base64(HMAC-SHA1(token, URL + every parameter name and value, names sorted))). Optional: TWILIO_TO (the Twilio number
# texted, default +15550100000), TWILIO_ACCOUNT_SID, TWILIO_INBOUND_URL (the URL to sign when the runtime is configured
# with Twilio:InboundUrl, e.g. behind a tunnel).
set -euo pipefail

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# shellcheck source=lib/twilio-signature.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/twilio-signature.sh"

main() {
  (($# >= 2 && $# <= 3)) || usage
  local from=$1 body=$2 base=${3:-http://127.0.0.1:${PORT:-7071}}
  local url="${base%/}/api/sms/inbound"
  local sid
  sid="SM$(openssl rand -hex 16)"

  local fields=(
    "MessageSid=$sid"
    "SmsSid=$sid"
    "SmsMessageSid=$sid"
    "AccountSid=${TWILIO_ACCOUNT_SID:-AC$(printf '%032d' 0)}"
    "From=$from"
    "To=${TWILIO_TO:-+15550100000}"
    "Body=$body"
    "NumMedia=0"
    "NumSegments=1"
    "SmsStatus=received"
    "ApiVersion=2010-04-01"
  )
  local signature
  signature=$(twilio_signature "${TWILIO_INBOUND_URL:-$url}" "${TWILIO_AUTH_TOKEN:-local-twilio-auth-token}" "${fields[@]}")

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
