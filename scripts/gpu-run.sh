#!/usr/bin/env bash
# The deep experiments on a GPU machine that has a Linux x86-64 NVIDIA
# driver and nothing else: run from the unpacked bundle (scripts/gpu-bundle.sh
# builds it; from the repository this script builds it first). It unpacks
# Node and Dawn, points the Vulkan loader it carries at the NVIDIA driver,
# and runs deep-run on the webgpu backend; summaries go to fixtures/deep/.
#
#   ./gpu-run.sh [--tier full|smoke] [--seeds N] [--epochs N] [--batch N] [--images N]
#                [--width N] [--backend webgpu|wasm|cpu|auto] [--experiment all|relu-vs-gelu|l1-pruning]
#                [--out DIR] [--name NAME]
# Any other OPTSPEC_* variable (tiers.ts) passes through. Needs xz or python3 to unpack.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
die() { echo "gpu-run: $*" >&2; exit 1; }

original=("$@")
args=()
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || die "$1: expected a value after it"
  case "$1" in
    --tier) export OPTSPEC_TIER=$2 ;;
    --seeds) export OPTSPEC_SEEDS=$2 ;;
    --epochs) export OPTSPEC_EPOCHS=$2 ;;
    --batch) export OPTSPEC_BATCH=$2 ;;
    --images) export OPTSPEC_IMAGES=$2 ;;
    --width) export OPTSPEC_WIDTH=$2 ;;
    --backend) export OPTSPEC_BACKEND=$2 ;;
    --experiment | --out | --name) args+=("$1" "$2") ;;
    *) die "$1: unknown option (see the head of $0)" ;;
  esac
  shift 2
done
if [ ! -f "$here/deep-run.mjs" ]; then # in the repository: build the bundle, run from it
  "$here/gpu-bundle.sh"
  exec "$here/../.gpu-bundle/optspec-gpu/gpu-run.sh" "${original[@]}"
fi
export OPTSPEC_TIER=${OPTSPEC_TIER:-full} OPTSPEC_BACKEND=${OPTSPEC_BACKEND:-webgpu}
export OPTSPEC_FASHION_MNIST_DIR=${OPTSPEC_FASHION_MNIST_DIR:-$here/data}
export OPTSPEC_CHECKPOINT_DIR=${OPTSPEC_CHECKPOINT_DIR:-$here/checkpoints}

unxz_to() { # source, destination: once
  [ -s "$2" ] && return
  if command -v xz >/dev/null; then xz -dc "$1" > "$2.tmp"
  elif command -v python3 >/dev/null; then python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2.tmp"
  else die "neither xz nor python3 is here to unpack $1"; fi
  mv "$2.tmp" "$2"
}
mkdir -p "$here/bin"
unxz_to "$here/node.xz" "$here/bin/node" && chmod +x "$here/bin/node"
unxz_to "$here/node_modules/webgpu/dist/linux-x64/dawn.node.xz" "$here/node_modules/webgpu/dist/linux-x64/dawn.node"

# The Vulkan loader carried here (after any the caller set), and the NVIDIA driver's ICD:
# its JSON where the driver put it, else one written for libGLX_nvidia.so.0, which holds
# NVIDIA's Vulkan driver (containers often mount the library without the JSON).
export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$here/lib
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  icd=$(ls /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json /usr/local/nvidia/share/vulkan/icd.d/nvidia*.json \
    /usr/local/share/vulkan/icd.d/nvidia*.json 2>/dev/null | head -1 || true)
  if [ -z "$icd" ]; then
    glx=$( (ldconfig -p 2>/dev/null | grep -o '/[^ ]*libGLX_nvidia\.so\.0$'; ls /usr/local/nvidia/lib64/libGLX_nvidia.so.0 /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0 /usr/lib64/libGLX_nvidia.so.0 2>/dev/null) | head -1 || true)
    if [ -n "$glx" ]; then
      mkdir -p "$here/icd"
      icd=$here/icd/nvidia_icd.json
      printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$glx" > "$icd"
    fi
  fi
  if [ -n "$icd" ]; then export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd; echo "gpu-run: Vulkan driver $icd"
  else echo "gpu-run: no NVIDIA Vulkan driver found; the loader's defaults decide (lavapipe if installed)"; fi
fi
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then XDG_RUNTIME_DIR=$(mktemp -d); export XDG_RUNTIME_DIR; fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu-run: GPU /' || true

start=$(date +%s)
status=0
"$here/bin/node" "$here/deep-run.mjs" "${args[@]}" || status=$?
echo "gpu-run: ${OPTSPEC_TIER} tier, $(( $(date +%s) - start )) s wall, exit $status"
exit $status
