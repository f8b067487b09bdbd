#!/usr/bin/env bash
# Fuzzes the API against its own OpenAPI document with schemathesis (PyPI, 4.x), once per role:
# every status the API answers must be documented, no answer may be a 5xx, bodies must match
# their schemas. Starts `npm start` on free ports in a throw-away data folder unless
# HUIYING_API_URL names a running server (then HUIYING_DATA_DIR is its data folder, for tokens).
#   bash scripts/fuzz-openapi.sh [max-examples per operation, default 20] [extra st run options]
# Prints each role's failures and a total; exits non-zero when any role had failures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/python-venv.sh
source scripts/lib/temp-stack.sh
max_examples="${1:-20}"; shift || true

ensure_python_venv 'schemathesis>=4,<5'
start_api

# One token per role; unit-scoped roles get a street (handler) and a community (convener).
roles=("intake" "dispatcher" "handler S-DHM" "supervisor" "auditor" "admin" "convener C-DFX")
total=0
report_dir="$STACK_DATA_DIR/fuzz-reports"; mkdir -p "$report_dir"
for entry in "${roles[@]}"; do
  read -r role unit <<<"$entry"
  token="$(mint "$role" "${unit:-}")"
  echo "=== schemathesis as $role${unit:+ ($unit)} ==="
  out="$report_dir/$role.txt"
  set +e
  "$PY_VENV/bin/st" --config-file scripts/schemathesis.toml run "$API_URL/openapi.json" -H "Authorization: Bearer $token" \
    --checks all --max-examples "$max_examples" --workers 1 --no-color "$@" >"$out" 2>&1
  rc=$?
  set -e
  # The summary block names each failed check; the count of "_____ " headed cases is the failures.
  failures=$(grep -cE '^_{3,} .* _{3,}$' "$out" || true)
  if [ "$rc" -ne 0 ] && [ "$failures" -eq 0 ]; then failures=1; fi
  sed -n '/FAILURES\|ERRORS/,$p' "$out" | head -400
  tail -n 6 "$out"
  echo "--- $role: $failures failure(s)"
  total=$((total + failures))
done
echo "schemathesis: $total failure(s) over ${#roles[@]} roles (max-examples $max_examples)"
[ "$total" -eq 0 ]
