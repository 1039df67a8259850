#!/usr/bin/env bash
# Formats every Swift file with the toolchain's swift-format and the checked-in .swift-format,
# then lints with --strict so anything formatting cannot fix fails the script.
#   Scripts/format.sh          format in place, then lint
#   Scripts/format.sh --check  lint only (no changes), for CI or a pre-commit hook
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests)
if [[ "${1:-}" != "--check" ]]; then
    swift format format --in-place --recursive --parallel "${paths[@]}"
fi
swift format lint --strict --recursive --parallel "${paths[@]}"
