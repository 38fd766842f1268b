#!/usr/bin/env bash
# Installs everything optspec needs on a fresh Debian bookworm machine (root),
# then the npm packages. Both the README's set-up and .ci/run call this, so the
# two cannot drift. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
apt_install() { apt-get install -y -q --no-install-recommends "$@"; }
need=()
# Chromium: the report's browser test. Fashion-MNIST: the deep claims' data.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
# PyTorch (float64 reference peer, and the adapter's live tests).
/usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || need+=(python3-torch)
# The Vulkan loader, for TensorFlow.js WebGPU through Dawn.
ldconfig -p | grep -q 'libvulkan.so.1' || need+=(libvulkan1)
updated=0
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && updated=1
  apt_install "${need[@]}"
fi

# Dawn refuses bookworm's lavapipe (Mesa 22.3); bookworm-backports' Mesa 25 works.
if ! dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q '^2[5-9]'; then
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  list=/etc/apt/sources.list.d/optspec-backports.list
  grep -rqs "${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/ \
    || echo "deb http://deb.debian.org/debian ${codename}-backports main" > "$list"
  apt-get update -q && updated=1
  apt_install -t "${codename}-backports" mesa-vulkan-drivers
fi
[ "$updated" = 1 ] || echo "setup: Debian packages already present"

node --version
npm ci --no-audit --no-fund
