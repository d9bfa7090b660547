# Sourced by scripts/start and scripts/test: sets PYTHON to an interpreter that is
# Python 3.12 or newer, looking on the PATH and in the usual pyenv and uv folders.
# shellcheck shell=bash

python_is_recent() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate name dir pyenv_root
    local -a candidates=()
    [ -n "${GATHER_PYTHON:-}" ] && candidates+=("$GATHER_PYTHON")
    for name in python3.14 python3.13 python3.12 python3 python; do
        command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
    done
    pyenv_root="${PYENV_ROOT:-}"
    if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then
        pyenv_root="$(pyenv root 2>/dev/null)"
    fi
    for dir in "$pyenv_root" "$HOME/.pyenv" "$HOME/.local/share/uv/python"; do
        [ -n "$dir" ] || continue
        # Newest first: sort -V orders 3.9 before 3.12.
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(ls -d "$dir"/versions/3.*/bin/python3 "$dir"/cpython-3.*/bin/python3 2>/dev/null | sort -rV)
    done
    for candidate in /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if [ -x "$candidate" ] && python_is_recent "$candidate"; then
            PYTHON="$candidate"
            return 0
        fi
    done
    cat >&2 <<'MSG'
Gather needs Python 3.12 or newer, and none was found on the PATH or under pyenv.
Install it, then run this command again. For example:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv
  macOS:          brew install python@3.13
  pyenv:          pyenv install 3.13
Or point GATHER_PYTHON at an interpreter: GATHER_PYTHON=/path/to/python3.13 scripts/start
MSG
    return 1
}

# pip, without the notices some machines print about package folders they do not have.
pip_quietly() {
    "$@" 2>&1 | { grep -v "^WARNING: Location '.*' is ignored" || true; }
    return "${PIPESTATUS[0]}"
}

# Creates .venv with a recent Python (replacing one made with an older Python) and
# installs requirements.txt whenever it has changed since the last install.
ensure_venv() {
    local root="$1"
    local venv="$root/.venv"
    if [ -x "$venv/bin/python" ] && ! python_is_recent "$venv/bin/python"; then
        echo "Replacing .venv: it was made with a Python older than 3.12."
        rm -rf "$venv"
    fi
    if [ ! -x "$venv/bin/python" ]; then
        find_python || return 1
        echo "Creating .venv with $("$PYTHON" --version) ($PYTHON)"
        "$PYTHON" -m venv "$venv" || return 1
    fi
    local stamp="$venv/.requirements.sha256"
    local wanted
    wanted="$(sha256sum "$root/requirements.txt" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        echo "Installing requirements into .venv (first run takes a minute or two)..."
        pip_quietly "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip || return 1
        pip_quietly "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/requirements.txt" || return 1
        echo "$wanted" > "$stamp"
    fi
}
