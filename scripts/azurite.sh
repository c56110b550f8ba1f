#!/usr/bin/env bash
# Azurite, the local Azure Storage emulator that the local runtime and the tests use.
#
#   scripts/azurite.sh start    reuse an Azurite already listening on the ports, or start one in the background
#                               (data in .local/azurite, log in .local/azurite.log, pid in .local/azurite.pid)
#                               and wait until blob, queue and table accept connections
#   scripts/azurite.sh stop     stop the Azurite this script started (SIGTERM, then SIGKILL after a deadline)
#   scripts/azurite.sh status   exit 0 if all three ports accept connections, 1 if not
#   scripts/azurite.sh private DIR
#                               start an Azurite of its own on free ports (the OS picks them), data, log and pid in DIR,
#                               and print its connection string (also written to DIR/connection-string). Tests and the
#                               benchmark use this so they never touch an Azurite a person started; stop it with
#                               AZURITE_STATE_DIR=DIR scripts/azurite.sh stop
#
# Ports: AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002), on 127.0.0.1.
# AZURITE_STATE_DIR (.local) holds the data folder (azurite/), the log and the pid file: give a second, private instance
# (other ports) a folder of its own, or the two would share data and one's stop would kill the other.
# Deadlines in seconds: AZURITE_START_TIMEOUT (60), AZURITE_STOP_TIMEOUT (10).
# Installs Azurite from package.json/package-lock.json with `npm ci` when node_modules lacks it (or lacks our patch).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
ports=("$blob_port" "$queue_port" "$table_port")
state="${AZURITE_STATE_DIR:-$root/.local}"
pidfile="$state/azurite.pid"
logfile="$state/azurite.log"
azurite="$root/node_modules/.bin/azurite"
poll=0.2

say() { echo "azurite: $*"; }
die() { echo "azurite: $*" >&2; exit 1; }

# Loopback refuses at once when nothing listens, so no timeout is needed.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

all_open() {
  local p
  for p in "${ports[@]}"; do port_open "$p" || return 1; done
}

open_ports() {
  local p
  for p in "${ports[@]}"; do port_open "$p" && printf '%s ' "$p"; done
  return 0
}

# The pid in the pid file, if that process is alive and is an Azurite (pids get reused).
our_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(<"$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q azurite || return 1
  echo "$pid"
}

# patches/azurite+<version>.patch (README, Performance) is applied by npm's postinstall (patch-package, which fails
# the install when the patch does not apply, e.g. after a version change); a node_modules installed before the patch
# existed lacks it, so it is installed again.
patched_marker="$root/node_modules/azurite/dist/src/table/persistence/LokiTableStoreQueryGenerator.js"
is_patched() { grep -q pinnedPartitionKey "$patched_marker" 2>/dev/null; }

ensure_installed() {
  [[ -x "$azurite" ]] && is_patched && return 0
  command -v npm >/dev/null || die "npm is not installed: install Node.js 20 or later"
  if [[ -x "$azurite" ]]; then
    say "reinstalling Azurite with the repository's patch (npm ci)"
  else
    say "installing Azurite (npm ci)"
  fi
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  [[ -x "$azurite" ]] || die "npm ci did not install $azurite"
  is_patched || die "npm ci installed Azurite without patches/azurite+*.patch (postinstall did not run?)"
}

# launch DIR BLOB QUEUE TABLE: Azurite in the background with its data in DIR/azurite; sets pid and writes the pid file.
# Own session: a Ctrl-C meant for the runtime in the foreground does not reach Azurite; `stop` ends it.
launch() {
  ensure_installed
  mkdir -p "$1/azurite"
  setsid "$azurite" \
    --blobHost 127.0.0.1 --blobPort "$2" \
    --queueHost 127.0.0.1 --queuePort "$3" \
    --tableHost 127.0.0.1 --tablePort "$4" \
    --location "$1/azurite" \
    --skipApiVersionCheck --loose --silent --disableTelemetry \
    </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
}

# wait_until WHAT CHECK...: polls CHECK until it succeeds; dies if Azurite (pid) exits or the start deadline passes.
wait_until() {
  local what=$1 deadline=$((SECONDS + ${AZURITE_START_TIMEOUT:-60}))
  shift
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      tail -n 20 "$logfile" >&2 || true
      die "Azurite exited during start-up (log: $logfile)"
    fi
    ((SECONDS < deadline)) || die "Azurite did not $what within ${AZURITE_START_TIMEOUT:-60} s (log: $logfile)"
    sleep "$poll"
  done
}

start() {
  if all_open; then
    say "reusing the Azurite listening on 127.0.0.1:${ports[*]}"
    return 0
  fi

  local busy
  if pid="$(our_pid)"; then
    say "pid $pid (started earlier) is not answering yet; waiting for it"
  else
    busy="$(open_ports)"
    [[ -z "$busy" ]] || die "port(s) ${busy% } already in use by something that is not a whole Azurite; free them or set AZURITE_*_PORT"
    launch "$state" "$blob_port" "$queue_port" "$table_port"
  fi

  wait_until "open ports ${ports[*]}" all_open
  say "started (pid $pid) on 127.0.0.1:${ports[*]}; data in $state/azurite, log in $logfile"
}

stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$pidfile"
    say "none started by this script is running; nothing to stop"
    return 0
  fi

  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + ${AZURITE_STOP_TIMEOUT:-10}))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep "$poll"; done
  if kill -0 "$pid" 2>/dev/null; then
    # Seen on this kind of machine: an Azurite that ignores SIGTERM.
    say "pid $pid ignored SIGTERM for ${AZURITE_STOP_TIMEOUT:-10} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep "$poll"; done
  fi
  rm -f "$pidfile"
  say "stopped (pid $pid)"
}

status() {
  local pid owner="not started by this script"
  if pid="$(our_pid)"; then owner="pid $pid, started by this script"; fi
  if all_open; then
    say "listening on 127.0.0.1:${ports[*]} ($owner)"
    return 0
  fi
  local open
  open="$(open_ports)"
  say "not listening on all of 127.0.0.1:${ports[*]}${open:+ (only ${open% } open)}"
  return 1
}

# Azurite's documented development account (public, the same in every Azurite).
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

# The port Azurite logged for one service ("Blob", "Queue", "Table"), empty until it has.
bound_port() { sed -n "s/.*$1 service is successfully listening at http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p" "$logfile"; }

all_bound() { [[ -n "$(bound_port Blob)" && -n "$(bound_port Queue)" && -n "$(bound_port Table)" ]]; }

# Port 0 for each service: no race between choosing a free port and binding it. Azurite logs the port it bound.
private() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $0 private DIR"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  pidfile="$dir/azurite.pid"
  logfile="$dir/azurite.log"
  : >"$logfile"
  # Standard output carries the connection string alone: callers capture it (an `npm ci` on a fresh clone once
  # prefixed it with its own chatter and every storage client refused the string).
  launch "$dir" 0 0 0 >&2
  wait_until "report its ports" all_bound >&2

  local base="http://127.0.0.1" blob queue table
  blob="$(bound_port Blob)" queue="$(bound_port Queue)" table="$(bound_port Table)"
  local cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=$base:$blob/devstoreaccount1;QueueEndpoint=$base:$queue/devstoreaccount1;TableEndpoint=$base:$table/devstoreaccount1;"
  echo "$cs" >"$dir/connection-string"
  say "private instance (pid $pid) on 127.0.0.1:$blob $queue $table; data in $dir" >&2
  echo "$cs"
}

case "${1:-}" in
  start) start ;;
  private) private "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status|private DIR" >&2; exit 2 ;;
esac
