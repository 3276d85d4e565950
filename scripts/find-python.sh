#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, or explain what to install and fail.
# Looks at $PYTHON, then python3.12..python3.14 and python3 on PATH, then pyenv, uv and
# deadsnakes-style locations, so `make install` works on a fresh machine without flags.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for c in "${PYTHON:-}" python3.12 python3.13 python3.14 python3; do
  [ -n "$c" ] || continue
  p=$(command -v "$c" 2>/dev/null) || continue
  if ok "$p"; then echo "$p"; exit 0; fi
done
roots="${PYENV_ROOT:-$HOME/.pyenv}/versions $HOME/.local/share/uv/python /usr/local/bin /opt/python"
for r in $roots; do
  for p in $(ls -d "$r"/*/bin/python3 "$r"/python3.1[2-9] 2>/dev/null | sort -V); do
    if ok "$p"; then echo "$p"; exit 0; fi
  done
done
cat >&2 <<'MSG'
llm-warden needs Python >= 3.12 (mitmproxy >= 12.2.2 requires it) and none was found.
Install one, then run make again, for example:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv
  pyenv:          pyenv install 3.12
  uv:             uv python install 3.12
Or point at one explicitly:  make install PYTHON=/path/to/python3.12
MSG
exit 1
