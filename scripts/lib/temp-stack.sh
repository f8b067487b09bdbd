# Sourced by the checks that need a running API. With HUIYING_API_URL set, that server is used (and
# HUIYING_DATA_DIR, if set, is where its token secret lives). Otherwise `npm start` runs on free
# ports in a throw-away data folder, and is stopped (SIGTERM to its process group) on exit.
# After `start_api`: $API_URL, $STACK_DATA_DIR; `mint ROLE [UNIT]` prints a token.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_api() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  if [ -n "${HUIYING_API_URL:-}" ]; then
    API_URL="$HUIYING_API_URL"; STACK_DATA_DIR="${HUIYING_DATA_DIR:-$root/data}"; return 0
  fi
  STACK_DATA_DIR="$(mktemp -d -t huiying-check-XXXXXX)"
  local port; port="$(free_port)"
  API_URL="http://127.0.0.1:$port"
  STACK_LOG="$STACK_DATA_DIR/start.log"
  echo "[stack] npm start on $API_URL (data $STACK_DATA_DIR, log $STACK_LOG)" >&2
  # setsid: its own process group, so one signal reaches the whole tree and nothing else.
  HUIYING_DATA_DIR="$STACK_DATA_DIR" HUIYING_PORT="$port" HUIYING_PG_PORT="$(free_port)" \
    TEMPORAL_PORT="$(free_port)" TEMPORAL_UI_PORT="$(free_port)" \
    HUIYING_RATE_LIMIT_PER_MINUTE="${HUIYING_RATE_LIMIT_PER_MINUTE:-1000000}" \
    setsid npm --prefix "$root" start >"$STACK_LOG" 2>&1 &
  STACK_PID=$!
  trap stop_api EXIT
  for _ in $(seq 1 180); do
    if grep -q '\[huiying\] ready' "$STACK_LOG" 2>/dev/null; then return 0; fi
    if ! kill -0 "$STACK_PID" 2>/dev/null; then echo "[stack] npm start exited:" >&2; tail -20 "$STACK_LOG" >&2; return 1; fi
    sleep 1
  done
  echo "[stack] not ready after 180 s" >&2; tail -20 "$STACK_LOG" >&2; return 1
}

stop_api() {
  if [ -n "${STACK_PID:-}" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM -- "-$STACK_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 1; done
  fi
  if [ -n "${STACK_PID:-}" ] && [ -d "${STACK_DATA_DIR:-}" ] && [ -z "${KEEP_STACK_DATA:-}" ]; then rm -rf "$STACK_DATA_DIR"; fi
}

mint() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local args=(--role "$1" --sub "check-$1")
  [ -n "${2:-}" ] && args+=(--unit "$2")
  HUIYING_DATA_DIR="$STACK_DATA_DIR" node --import tsx "$root/scripts/token.ts" "${args[@]}"
}
