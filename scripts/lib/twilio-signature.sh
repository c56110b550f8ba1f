# Sourced by scripts that play Twilio's webhooks (sms-reply.sh, voice-press.sh).
# twilio_signature URL TOKEN NAME=VALUE...: Twilio's X-Twilio-Signature of a form POST:
# base64(HMAC-SHA1(token, URL + every parameter name and value, names sorted)).
twilio_signature() {
  local url=$1 token=$2 data name pair
  shift 2
  declare -A fields=()
  for pair in "$@"; do fields["${pair%%=*}"]="${pair#*=}"; done
  data=$url
  while IFS= read -r name; do
    data+="$name${fields[$name]}"
  done < <(printf '%s\n' "${!fields[@]}" | LC_ALL=C sort)
  printf '%s' "$data" | openssl dgst -sha1 -hmac "$token" -binary | base64
}
