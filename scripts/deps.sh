#!/usr/bin/env bash
# Installs the Debian packages Rae Workbench builds and tests with; quiet and quick when all
# are present. Safe to run any number of times.
set -euo pipefail

# design.md section 7: raylib (cmake, clang, X11/GL headers), the workbench under Xvfb with
# Mesa software GL, screenshots (imagemagick), terminal tests (tmux), pyo3 (python3-dev).
packages=(
  build-essential pkg-config
  cmake clang libclang-dev
  libx11-dev libxrandr-dev libxinerama-dev libxcursor-dev libxi-dev
  libgl1-mesa-dev libgl1-mesa-dri libxkbcommon-dev
  xvfb xauth imagemagick tmux python3-dev
)

if ! command -v cargo >/dev/null 2>&1; then
  cat >&2 <<'MSG'
error: `cargo` was not found. Rae Workbench needs Rust 1.88 or newer. Install it with rustup:

    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
    . "$HOME/.cargo/env"

then run this again.
MSG
  exit 1
fi

# `make test` formats with rustfmt and compiles the workspace through clippy-driver.
if ! command -v rustfmt >/dev/null 2>&1 || ! { rustup which clippy-driver >/dev/null 2>&1 ||
  command -v clippy-driver >/dev/null 2>&1; }; then
  if command -v rustup >/dev/null 2>&1; then
    rustup component add clippy rustfmt
  else
    echo "error: clippy and rustfmt are missing; install them with your Rust toolchain" >&2
    exit 1
  fi
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if ((EUID == 0)); then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "error: missing packages (${missing[*]}) and neither root nor sudo is available" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
