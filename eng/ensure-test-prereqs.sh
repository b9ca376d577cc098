#!/usr/bin/env bash
# Installs the Debian packages the tests use as independent peers and real components:
# GDAL (an independent GeoTIFF reader and writer), scikit-learn, XGBoost and onnx (reference
# implementations), prometheus_client (an independent Prometheus text parser), PostgreSQL (the
# multi-host durable store) and Chromium (browser tests).
set -euo pipefail
packages=(gdal-bin python3-sklearn python3-xgboost python3-onnx python3-prometheus-client postgresql chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "mlops: installing Debian packages for the tests: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq "${missing[@]}" >&2
