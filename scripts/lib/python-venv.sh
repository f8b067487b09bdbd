# Sourced by the Python-based checks: a venv under .tools/py-venv with the given pip packages.
# A venv keeps the client libraries out of the system Python; pip skips what is already there.
# Usage: ensure_python_venv 'schemathesis>=4,<5' georeport   → sets $PY_VENV
ensure_python_venv() {
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  PY_VENV="$root/.tools/py-venv"
  if [ ! -x "$PY_VENV/bin/python" ]; then
    echo "[venv] creating $PY_VENV" >&2
    python3 -m venv "$PY_VENV"
  fi
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
}
