#!/usr/bin/env bash
# Installs the pinned npm tools (Azurite, the ONNX Runtime native library) when they are
# missing or older than package-lock.json. Install scripts stay off (.npmrc): the
# onnxruntime-node script would try to download CUDA binaries.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
marker="$root/node_modules/.package-lock.json"
if [ ! -f "$marker" ] || [ "$root/package-lock.json" -nt "$marker" ]; then
  echo "mlops: installing npm tools (azurite, onnxruntime-node)…" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
