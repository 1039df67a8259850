#!/usr/bin/env bash
# Runs the test suites that reach unsafe code (CEL's map storage, frames and unretained
# references; YAMLNode's libyaml reader; the fast profile decoder; the report writers' byte
# buffers) under AddressSanitizer, and the concurrency suites (many assessments over one rule
# set, batches and their async streams) under ThreadSanitizer. Any report fails the run.
#
#   Scripts/sanitizers.sh [address|thread]...   (both by default)
#
# Each sanitizer builds into a scratch folder of its own (.build-asan, .build-tsan), so the
# normal build is left as it is. Leak checking is off: LeakSanitizer reports the Swift
# runtime's once-initialised globals as leaks (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(address thread)

for sanitizer in "${sanitizers[@]}"; do
    case $sanitizer in
        address)
            scratch=.build-asan
            filter='CELTests|YAMLNodeTests|ReadinessCoreTests|ReadinessReportTests'
            export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1
            ;;
        thread)
            scratch=.build-tsan
            filter='ConcurrentAssessmentTests|BatchTests|ConcurrentlyTests|StorageTests'
            export TSAN_OPTIONS=halt_on_error=1
            ;;
        *)
            echo "sanitizers: unknown sanitizer '$sanitizer' (address or thread)" >&2
            exit 2
            ;;
    esac
    echo "sanitizers: building the tests with -sanitize=$sanitizer"
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
    echo "sanitizers: $filter under -sanitize=$sanitizer"
    # The browser test starts Chromium, which the sanitizer's runtime would not cover.
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" \
        --filter "$filter" --skip BrowserTests
done
